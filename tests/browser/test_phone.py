"""What a citizen on a 360 px phone meets: no sideways scrolling, a keyboard path, a report
filed and followed by its code, the language switcher."""

import re

import pytest
from django.core.management import call_command

from environment.complaints.models import Complaint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every public page a citizen reaches from the menu, plus the forms and data pages.
PAGES = [
    "/",
    "/foro/",
    "/foro/actores/",
    "/foro/mapeo/",
    "/foro/sesiones/",
    "/foro/participacion/",
    "/propuestas/",
    "/compromisos/",
    "/ambiente/",
    "/ambiente/reforestacion/",
    "/ambiente/reforestacion/solicitar/",
    "/ambiente/denuncias/",
    "/ambiente/denuncias/nueva/",
    "/agroprecios/",
    "/vialidad/",
    "/seguimiento/",
]

WIDER_THAN_SCREEN = """() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    return [...document.querySelectorAll("body *")]
        .filter(e => e.getBoundingClientRect().right > width + 1)
        .slice(0, 5)
        .map(e => e.tagName + (e.getAttribute("class") ? "." + e.getAttribute("class") : ""));
}"""


def visit(page, path):
    response = page.goto(page.base + path)
    assert response.status == 200, path


def links(page, path, selector, n):
    visit(page, path)
    return page.eval_on_selector_all(
        selector, f"found => found.slice(0, {n}).map(a => a.getAttribute('href'))"
    )


def test_no_public_page_scrolls_sideways_on_a_phone(phone):
    call_command("load_demo", verbosity=0)

    def check(page):
        # Pages reached through the demo too: a consultation, its matrix, a proposal, a meeting.
        found = links(page, "/propuestas/", "main a[href^='/propuestas/consulta/']", 2)
        found += links(page, "/propuestas/", "main a[href*='/propuestas/PR-']", 1)
        found += links(page, "/foro/sesiones/", "main a[href^='/foro/sesiones/']", 1)
        overflowing = {}
        for path in PAGES + found:
            visit(page, path)
            wide = page.evaluate(WIDER_THAN_SCREEN)
            if wide:
                overflowing[path] = wide
        return found, overflowing

    found, overflowing = phone(check)
    assert overflowing == {}
    assert len(found) >= 3, found  # the demo's links were there to follow


def test_the_keyboard_reaches_the_content_first_and_shows_where_it_is(phone):
    focused = """() => {
        const e = document.activeElement, box = e.getBoundingClientRect();
        const style = getComputedStyle(e);
        return {text: e.textContent.trim(), top: box.top, width: box.width,
                inMain: !!e.closest("#contenido"),
                visibleFocus: style.outlineStyle !== "none" || style.boxShadow !== "none"};
    }"""

    def walk(page):
        visit(page, "/")
        page.keyboard.press("Tab")
        skip = page.evaluate(focused)
        page.keyboard.press("Enter")
        url = page.url
        page.keyboard.press("Tab")
        return skip, url, page.evaluate(focused)

    skip, url, after = phone(walk)
    assert skip["text"] == "Saltar al contenido"
    assert skip["top"] >= 0 and skip["width"] > 0  # on screen once focused
    assert url.endswith("#contenido")
    assert after["inMain"]  # the next stop is in the content, past the menu
    assert after["visibleFocus"]


def test_a_complaint_is_filed_from_a_phone_and_followed_by_its_code(phone):
    def file_and_follow(page):
        visit(page, "/ambiente/denuncias/nueva/")
        page.get_by_label("¿Qué pasa?").select_option(index=1)
        page.get_by_label("Cuéntenos qué vio").fill(
            "Queman basura junto al estero cada tarde; el humo llega a la escuela."
        )
        page.get_by_label("¿Qué día lo vio?").fill("2026-11-20")
        page.get_by_label("Parroquia").select_option(index=1)
        page.get_by_label("Referencia del lugar").fill("Junto a la escuela, vía a Quinindé")
        page.get_by_label("Enviar de forma anónima").check()
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile("Enviar")).click()
        confirmation = page.inner_text("main")
        wide = page.evaluate(WIDER_THAN_SCREEN)
        found = re.search(r"DA-[A-Z0-9-]+", confirmation)
        assert found, confirmation
        visit(page, "/seguimiento/")
        page.get_by_label("Código de seguimiento").fill(found.group(0))
        with page.expect_navigation():
            page.keyboard.press("Enter")
        return found.group(0), wide, page.inner_text("main")

    code, wide, tracking = phone(file_and_follow)
    assert wide == []
    assert code in tracking and "Recibida" in tracking
    complaint = Complaint.objects.get(tracking_code=code)
    assert complaint.description.startswith("Queman basura") and complaint.is_anonymous


def test_the_language_switcher_works_from_a_phone(phone):
    def switch(page):
        visit(page, "/propuestas/")
        page.get_by_label("Idioma").select_option("en")
        with page.expect_navigation():
            page.get_by_role("button", name="Cambiar").click()
        return page.evaluate("document.documentElement.lang"), page.inner_text("main")

    lang, main = phone(switch)
    assert lang == "en" and "Citizen proposals" in main
