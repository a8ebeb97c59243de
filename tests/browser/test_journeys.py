"""The five journeys of a citizen, a member, staff and a farmer, through the real pages, at a
phone's size (360x740) and a desktop's (1366x900). On every page: axe-core finds no serious
or critical violation, and the console stays free of errors. The last page of each journey is
saved as a screenshot (bench/out/journeys/, kept by CI as an artefact)."""

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from PIL import Image

from agroprices.models import PriceObservation
from commitments.models import ProgressChange
from core import roles
from environment.complaints.models import Complaint
from proposals import services as proposal_services
from proposals.models import Proposal, Scorecard
from tests.agroprices.factories import MarketFactory, ObservationFactory, ProductFactory
from tests.commitments.factories import MilestoneFactory
from tests.proposals.factories import (
    ConsultationFactory,
    CriterionFactory,
    ProposalFactory,
    ThemeFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "clave-segura-123"


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


def submit(j, locator):
    click_and_wait(j.page, locator)
    j.check()


def sign_in(j, username, password=PASSWORD):
    """Through the public sign-in page, as people do (no force_login)."""
    j.visit("/cuenta/ingresar/")
    j.page.get_by_label("Usuario o correo").fill(username)
    j.page.get_by_label(re.compile(r"^Contraseña")).fill(password)
    submit(j, j.page.get_by_role("button", name="Ingresar"))
    assert "/cuenta/ingresar/" not in j.page.url, j.page.inner_text("main")


# The matrix's first row: right edge of its last visible number (the weighted score); and
# whether the language form sits over the brand in the header.
LAYOUT = """() => {
    const cells = [...document.querySelector("table tbody tr").querySelectorAll("td.num")]
        .filter(c => c.offsetParent !== null);
    const brand = document.querySelector(".brand").getBoundingClientRect();
    const lang = document.querySelector(".lang-switch").getBoundingClientRect();
    const overlap = brand.right > lang.left && brand.bottom > lang.top && lang.bottom > brand.top;
    return {score_right: Math.max(...cells.map(c => c.getBoundingClientRect().right)),
            brand_covered: overlap};
}"""


def first_ranked(page):
    return page.locator("table tbody tr").first.locator("th a").first.inner_text()


def test_1_a_citizen_files_a_proposal_and_follows_it_by_its_code(journey):
    consultation = ConsultationFactory(title="Consulta ciudadana 2027")
    ThemeFactory(consultation=consultation, name="Ambiente y agua")

    def walk(j):
        page = j.page
        j.visit("/")
        click_and_wait(page, page.get_by_role("link", name=re.compile("Proponga")))
        j.check()
        click_and_wait(page, page.get_by_role("link", name="Consulta ciudadana 2027").first)
        j.check()
        click_and_wait(page, page.get_by_role("link", name="Envíe su propuesta"))
        j.check()
        page.get_by_label("Título de su propuesta").fill("Bebederos de agua en los parques")
        page.get_by_label("Eje temático").select_option(label="Ambiente y agua")
        page.get_by_label("¿Qué problema o necesidad quiere resolver?").fill(
            "En verano no hay agua potable en los parques de la ciudad."
        )
        page.get_by_label("¿Qué propone hacer?").fill("Instalar bebederos en cinco parques.")
        page.get_by_label("Correo electrónico").fill("lucia@example.org")
        submit(j, page.get_by_role("button", name="Enviar propuesta"))
        code = page.locator(".tracking-code").inner_text().strip()
        j.visit("/seguimiento/")
        page.get_by_label("Código de seguimiento").fill(code)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        j.check()
        return code, page.inner_text("main")

    code, tracking = journey("1-propuesta", walk)
    assert code in tracking
    assert Proposal.objects.get(tracking_code=code).title == "Bebederos de agua en los parques"


def jpeg(size=(640, 480)):
    out = io.BytesIO()
    Image.new("RGB", size, (40, 120, 60)).save(out, format="JPEG")
    return out.getvalue()


def test_2_a_complaint_with_a_photo_and_the_phone_location_is_filed_and_followed(journey):
    def walk(j):
        page = j.page
        j.visit("/")
        click_and_wait(page, page.get_by_role("link", name=re.compile("Denuncie")))
        j.check()
        page.get_by_role("button", name="Usar mi ubicación").click()
        page.get_by_text("Ubicación lista.").wait_for()
        page.get_by_label("Referencia del lugar").fill("Junto al puente del estero Chigüilpe")
        page.get_by_label("¿Qué pasa?").select_option(index=1)
        page.get_by_label("Cuéntenos qué vio").fill("Botan escombros al estero cada semana.")
        page.get_by_label("¿Qué día lo vio?").fill("2026-11-20")
        page.get_by_label("Fotos (opcional)").set_input_files(
            [{"name": "estero.jpg", "mimeType": "image/jpeg", "buffer": jpeg()}]
        )
        page.get_by_label("Enviar de forma anónima").check()
        j.check()
        submit(j, page.get_by_role("button", name="Enviar denuncia"))
        code = re.search(r"DA-[A-Z0-9-]+", page.inner_text("main")).group(0)
        j.visit("/seguimiento/")
        page.get_by_label("Código de seguimiento").fill(code)
        with page.expect_navigation():
            page.keyboard.press("Enter")
        j.check()
        return code, page.inner_text("main")

    code, tracking = journey(
        "2-denuncia",
        walk,
        tiles=True,
        geolocation={"latitude": -0.2531, "longitude": -79.1754},
        permissions=["geolocation"],
    )
    assert code in tracking and "Recibida" in tracking
    complaint = Complaint.objects.get(tracking_code=code)
    assert complaint.latitude == Decimal("-0.253100") and complaint.photos.count() == 1


def test_3_a_member_scores_proposals_and_sees_the_ranking_change(
    journey, forum_member, django_user_model
):
    consultation = ConsultationFactory(slug="consulta-foro", title="Consulta del foro")
    theme = ThemeFactory(consultation=consultation, name="Vialidad")
    relevance = CriterionFactory(consultation=consultation, name="Relevancia", scale_max=5)
    feasibility = CriterionFactory(consultation=consultation, name="Factibilidad", scale_max=5)
    bridge, roads, water = (
        ProposalFactory(consultation=consultation, theme=theme, title=title)
        for title in ("Puente peatonal", "Caminos vecinales", "Agua para Chigüilpe")
    )
    other = django_user_model.objects.create_user(username="otro-miembro", password=PASSWORD)
    other.groups.add(Group.objects.get(name=roles.FORUM_MEMBER))
    for proposal, value in ((bridge, 2), (roads, 1)):  # 25 and 0 of 100: the bridge leads
        proposal_services.scorecard_save(
            proposal=proposal,
            member=other,
            scores={relevance.pk: value, feasibility.pk: value},
            comment="",
        )

    def walk(j):
        page = j.page
        sign_in(j, forum_member.username)
        j.visit(f"/propuestas/consulta/{consultation.slug}/matriz/")
        before = first_ranked(page)
        click_and_wait(page, page.get_by_role("link", name="Caminos vecinales"))
        j.check()
        submit(j, page.get_by_role("link", name=re.compile("^Puntuar")))
        page.get_by_label("Relevancia").fill("5")
        page.get_by_label("Factibilidad").fill("5")
        submit(j, page.get_by_role("button", name="Guardar puntaje"))
        next_page = page.url, page.inner_text("main")  # the next proposal without a score
        submit(j, page.get_by_role("link", name="Volver a la matriz"))
        mine = page.locator("table tbody tr").first.get_by_role("link", name=re.compile("Editar"))
        return before, first_ranked(page), next_page, mine.bounding_box(), page.evaluate(LAYOUT)

    before, after, (url, next_main), box, layout = journey("3-puntaje", walk)
    width = 360 if journey.size == "phone" else 1366
    assert 0 < layout["score_right"] <= width  # the weighted score is on screen too
    assert not layout["brand_covered"]  # signed in, the header still shows the brand whole
    assert (before, after) == ("Puente peatonal", "Caminos vecinales")  # 50 now beats 25
    assert url.endswith(f"/propuestas/{water.pk}/puntuar/") and "Agua para Chigüilpe" in next_main
    assert box["x"] + box["width"] <= width
    assert Scorecard.objects.filter(member=forum_member).count() == 1


def test_4_staff_update_a_milestone_with_a_note_and_the_public_page_changes(journey, technician):
    milestone = MilestoneFactory(title="Vivero comunitario en Alluriquín", progress=40)
    MilestoneFactory(commitment=milestone.commitment, progress=0)
    commitment = milestone.commitment
    commitment.responsible_unit = "Dirección de Ambiente"
    commitment.lead_institution = "GAD Provincial de Santo Domingo de los Tsáchilas"
    commitment.save()

    def walk(j):
        page = j.page
        j.visit(commitment.get_absolute_url())
        before = page.locator(".figure .value").first.inner_text()
        j.visit(f"/admin/commitments/commitment/{commitment.pk}/change/")  # → login form
        page.get_by_label("Nombre de usuario").fill(technician.username)
        page.get_by_label("Contraseña").fill(PASSWORD)
        submit(j, page.get_by_role("button", name=re.compile("Iniciar sesión")))
        row = page.locator("tr.has_original").filter(has_text="Vivero comunitario")
        row.get_by_label(re.compile("^Avance \\(Vivero")).fill("90")
        row.get_by_label(re.compile("Nota pública del avance")).fill(
            "Vivero entregado a la comunidad"
        )
        width = page.evaluate("document.documentElement.scrollWidth")
        submit(j, page.locator("input[name=_continue]"))
        j.visit(commitment.get_absolute_url())
        history = page.locator(".timeline").inner_text()
        after = page.locator(".figure .value").first.inner_text()
        chart = page.locator(".chart table").last.text_content()
        return before, after, chart, history, width

    before, after, chart, history, width = journey("4-avance", walk)
    assert "de 40 % a 90 %" in history and "Vivero entregado a la comunidad" in history
    assert "Dirección de Ambiente" in history and technician.username not in history
    assert (before, after) == ("0 %", "45 %")  # (90 + 0) / 2
    assert "45" in chart  # the progress chart has the new point
    if journey.size == "desktop":
        assert width <= 1366  # the commitment's admin page fits the screen
    change = ProgressChange.objects.get()
    assert change.note == "Vivero entregado a la comunidad"


def test_5_a_farmer_reads_this_weeks_prices_and_a_chart(journey):
    product = ProductFactory(commodity="Plátano barraganete", slug="platano")
    markets = [MarketFactory(name=f"Mercado {n}") for n in ("Norte", "Sur")]
    today = timezone.localdate()
    for weeks in range(6):
        for market, price in zip(markets, ("5.20", "6.10"), strict=True):
            ObservationFactory(
                product=product,
                market=market,
                date=today - timedelta(days=7 * weeks),
                price=Decimal(price) - weeks * Decimal("0.1"),
            )

    def walk(j):
        page = j.page
        j.visit("/")
        click_and_wait(page, page.get_by_role("link", name=re.compile("Consulte precios")))
        j.check()
        click_and_wait(page, page.get_by_role("link", name="Plátano barraganete").first)
        j.check()
        table = page.locator("table").first
        price = table.locator("tbody tr").first.locator("td.num").first
        box = price.bounding_box()
        chart = page.locator(".chart svg").first
        return box, chart.is_visible(), page.inner_text("main")

    box, chart_visible, main = journey("5-precios", walk)
    assert box["x"] + box["width"] <= (360 if journey.size == "phone" else 1366)
    assert "Mercado Sur" in main and "6.10" in main.replace(",", ".")
    assert chart_visible


def test_5b_a_collector_signs_in_and_submits_a_price_the_farmer_then_reads(journey):
    product = ProductFactory(commodity="Plátano barraganete", slug="platano")
    market = MarketFactory(name="Mercado Norte")
    today = timezone.localdate()
    for weeks in range(1, 6):
        ObservationFactory(
            product=product, market=market, date=today - timedelta(days=7 * weeks), price="5.20"
        )
    collector = get_user_model().objects.create_user(
        username="rosa", password=PASSWORD, email="rosa@example.org"
    )
    collector.groups.add(Group.objects.get(name=roles.COLLECTOR))

    def walk(j):
        page = j.page
        sign_in(j, "rosa@example.org")
        j.visit("/agroprecios/")
        click_and_wait(page, page.get_by_role("link", name="Registrar un precio"))
        j.check()
        page.get_by_label("Producto").select_option(label=str(product))
        page.get_by_label("Mercado o lugar de venta").select_option(label="Mercado Norte")
        page.get_by_label("Precio en USD").fill("5.40")
        submit(j, page.get_by_role("button", name="Enviar precio"))
        message = page.inner_text("main")
        j.visit(f"/agroprecios/producto/{product.slug}/")
        return message, page.locator("table").first.inner_text()

    message, where_to_sell = journey("5b-recolector", walk)
    assert "Precio publicado" in message
    observation = PriceObservation.objects.get(collector=collector)
    assert observation.price == Decimal("5.40") and observation.date == today
    assert "5,40" in where_to_sell  # the farmer's "Dónde vender" has the new price
