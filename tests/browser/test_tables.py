"""Data pages on a 360 px phone, with the demo's data: axe-core finds no serious or critical
violation (a table that scrolls sideways is a named, focusable region), nothing scrolls the
page sideways, and the column a visitor came for is on screen without scrolling."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import Journey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "sesión": "/foro/sesiones/{meeting}/",
    "compromisos": "/compromisos/",
    "compromiso": "/compromisos/{commitment}/",
    "producto": "/agroprecios/producto/{product}/",
    "vialidad": "/vialidad/",
    "denuncias": "/ambiente/denuncias/",
    "mapeo": "/foro/mapeo/",
    "producción": "/agroprecios/produccion/",
    "reforestación": "/ambiente/reforestacion/",
    "reportar vía": "/vialidad/reportar/",
}

PAGE_WIDER_THAN_SCREEN = (
    "document.documentElement.scrollWidth > document.documentElement.clientWidth"
)

# Every box that scrolls sideways: is it a focusable region with a name?
SCROLLERS = """() => [...document.querySelectorAll("main *")]
    .filter(e => e.scrollWidth > e.clientWidth + 1 &&
                 ["auto", "scroll"].includes(getComputedStyle(e).overflowX))
    .map(e => ({tabindex: e.getAttribute("tabindex"), role: e.getAttribute("role"),
                label: (e.getAttribute("aria-label") || "").trim()}))"""

RIGHT_EDGE = """sel => Math.max(...[...document.querySelectorAll(sel)].slice(0, 5)
    .map(e => e.getBoundingClientRect().right))"""


def test_data_pages_on_a_phone_pass_axe_and_keep_their_key_column_on_screen(
    browser, live_server, axe_source
):
    call_command("load_demo", verbosity=0)
    from agroprices.models import Product
    from commitments.models import Commitment
    from forum.models import Meeting

    paths = {
        name: path.format(
            meeting=Meeting.objects.order_by("pk").first().pk,
            commitment=Commitment.objects.order_by("pk").first().pk,
            product=Product.objects.order_by("pk").first().slug,
        )
        for name, path in PAGES.items()
    }

    def walk(page):
        j = Journey(page, axe_source, "tablas")
        wide, unnamed, edges = {}, {}, {}
        for name, path in paths.items():
            j.visit(path)
            if page.evaluate(PAGE_WIDER_THAN_SCREEN):
                wide[name] = page.evaluate("document.documentElement.scrollWidth")
            bad = [
                s
                for s in page.evaluate(SCROLLERS)
                if s != {**s, "tabindex": "0", "role": "region"} or not s["label"]
            ]
            if bad:
                unnamed[name] = bad
            if name == "producto":  # "Dónde vender": the price
                edges[name] = page.evaluate(RIGHT_EDGE, "main table:first-of-type tbody td.num")
            if name == "compromisos":  # the progress
                edges[name] = page.evaluate(RIGHT_EDGE, "table.commitments-table tbody td.num")
        return j.violations, j.errors, wide, unnamed, edges

    violations, errors, wide, unnamed, edges = browser.run(live_server.url, walk)
    assert violations == [], violations
    assert errors == [], errors
    assert wide == {}, wide
    assert unnamed == {}, unnamed
    assert edges and all(0 < right <= 360 for right in edges.values()), edges
