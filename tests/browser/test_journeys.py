"""The five journeys of a citizen, a member, staff and a farmer, through the real pages, at a
phone's size (360x740) and a desktop's (1366x900). On every page: axe-core finds no serious
or critical violation, and the console stays free of errors. The last page of each journey is
saved as a screenshot (bench/out/journeys/, kept by CI as an artefact)."""

import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from PIL import Image

from commitments.models import ProgressChange
from environment.complaints.models import Complaint
from proposals.models import Proposal
from tests.agroprices.factories import MarketFactory, ObservationFactory, ProductFactory
from tests.commitments.factories import MilestoneFactory
from tests.proposals.factories import ConsultationFactory, ThemeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "clave-segura-123"


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


def submit(j, locator):
    click_and_wait(j.page, locator)
    j.check()


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
