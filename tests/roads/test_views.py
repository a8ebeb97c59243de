import gzip
import re
from datetime import date

import pytest
from django.urls import reverse

from core import report_services
from roads.models import RoadReport

from .factories import BranchFactory, InterventionFactory

pytestmark = pytest.mark.django_db


def figures_on(response):
    html = response.content.decode()
    return dict(re.findall(r'data-figure="(\w+)">([^<]+)<', html))


def test_the_dashboard_shows_exactly_the_published_figures_after_load_demo(client, demo):
    response = client.get(reverse("roads:index"))
    assert response.status_code == 200
    shown = {
        k: v.replace("\xa0", "").replace(".", "").replace(",", ".")
        for k, v in figures_on(response).items()
    }
    assert shown == {
        "total_branches": "905",
        "total_km": "2616.4",
        "attended_branches": "679",
        "attended_km": "1956.7",
        "worked_km": "1719.4",
    }
    html = response.content.decode()
    assert "Total de ramales" in html and "Km real atendido" in html
    assert "<svg" in html and '<path d="M' in html  # need chart and branch map


def test_filtering_by_need_level_changes_the_figures_and_the_table(client, demo):
    response = client.get(reverse("roads:index"), {"necesidad": 4, "parroquia": "LCN"})
    assert figures_on(response)["total_branches"] != "905"
    rows = response.context["page"].object_list
    assert rows and all(b.need_level == 4 and b.parish.code == "LCN" for b in rows)


def test_the_table_sorts_by_length_descending(client, demo):
    response = client.get(reverse("roads:index"), {"orden": "-km"})
    lengths = [b.length_km for b in response.context["page"].object_list]
    assert lengths == sorted(lengths, reverse=True)
    assert 'aria-sort="descending"' in response.content.decode()


def test_a_bad_year_range_shows_a_spanish_error_and_default_figures(client, demo):
    response = client.get(reverse("roads:index"), {"desde": 2022, "hasta": 2019})
    assert "El año final es anterior al inicial." in response.content.decode()


def make_branches(n):
    for i in range(n):
        branch = BranchFactory(
            geometry={"type": "LineString", "coordinates": [[-79.3, 0], [-79.2, 0.01 * i]]}
        )
        InterventionFactory(branch=branch)


@pytest.mark.parametrize("count", [10, 100])
def test_the_dashboard_query_count_does_not_grow_with_branches(
    client, count, django_assert_max_num_queries
):
    make_branches(count)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("roads:index"), {"necesidad": [1, 2], "orden": "ramal"})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 30])
def test_the_report_list_query_count_does_not_grow(client, count, django_assert_max_num_queries):
    branch = BranchFactory()
    for _ in range(count):
        report_services.report_file(
            model=RoadReport,
            fields={"kind": "bache", "branch": branch, "parish": branch.parish, "description": "x"},
        )
    with django_assert_max_num_queries(4):
        response = client.get(reverse("roads:report-list"))
    assert response.status_code == 200


def test_branch_detail_lists_its_interventions(client):
    intervention = InterventionFactory(notes="Lastrado y cunetas")
    response = client.get(reverse("roads:branch", args=[intervention.branch.code]))
    assert "Lastrado y cunetas" in response.content.decode()
    assert client.get(reverse("roads:branch", args=["NOPE00"])).status_code == 404


def test_a_citizen_files_a_road_report_by_branch_code_and_gets_a_tracking_code(client):
    branch = BranchFactory(code="MTR321")
    response = client.post(
        reverse("roads:report-create"),
        {
            "kind": "deslizamiento",
            "severity": 3,
            "branch_code": "MTR321 · Vía de prueba",
            "description": "Se vino el talud sobre la vía",
            "reporter_name": "Rosa Aguavil",
            "reporter_phone": "0991234567",
            "reporter_email": "rosa@example.org",
        },
    )
    report = RoadReport.objects.get()
    assert response.status_code == 302
    assert report.branch == branch and report.parish == branch.parish
    page = client.get(response["Location"])
    html = page.content.decode()
    assert report.tracking_code in html and "Guarde este código" in html
    for private in ("Rosa Aguavil", "0991234567", "rosa@example.org"):
        assert private not in html
        assert private not in client.get(reverse("roads:report-list")).content.decode()
        assert private not in client.get("/api/v1/vialidad/reportes/").content.decode()
        assert private not in client.get("/open311/v2/requests.json").content.decode()


def test_an_unknown_branch_code_is_a_form_error(client):
    response = client.post(
        reverse("roads:report-create"),
        {
            "kind": "bache",
            "severity": 2,
            "branch_code": "ZZZ999",
            "description": "x",
            "is_anonymous": "on",
        },
    )
    assert response.status_code == 400
    assert "No hay un ramal con el código ZZZ999." in response.content.decode()
    assert not RoadReport.objects.exists()


def test_the_report_form_prefills_the_branch_chosen_on_the_map(client):
    BranchFactory(code="MTR555")
    response = client.get(reverse("roads:report-create"), {"ramal": "MTR555"})
    assert 'value="MTR555"' in response.content.decode()


def test_the_resolving_intervention_shows_on_the_public_report(client, technician):
    from core.reports import ReportStatus
    from roads import services

    intervention = InterventionFactory()
    report = report_services.report_file(
        model=RoadReport,
        fields={
            "kind": "cuneta",
            "branch": intervention.branch,
            "description": "Cuneta tapada",
            "parish": intervention.branch.parish,
        },
    )
    for status in (ReportStatus.IN_REVIEW, ReportStatus.IN_PROGRESS):
        report = report_services.report_transition(report=report, to_status=status, by=technician)
    services.report_resolve_with(report=report, intervention=intervention, by=technician)
    html = client.get(report.get_absolute_url()).content.decode()
    assert "Atendido con la intervención" in html and "Resuelta" in html


def test_road_reports_are_open311_services(client):
    codes = {s["service_code"] for s in client.get("/open311/v2/services.json").json()}
    assert {"VIA-BACHE", "VIA-DESLIZAMIENTO", "VIA-INTRANSITABLE"} <= codes


def test_the_home_page_shows_the_roads_panel(client, demo):
    html = client.get("/").content.decode()
    assert "Km real atendido" in html and 'data-figure="total_branches">905<' in html


def test_the_interventions_download_covers_every_year_unless_a_period_is_asked(client):
    InterventionFactory(start_date=date(2012, 1, 1), end_date=date(2012, 2, 1))
    InterventionFactory(start_date=date(2021, 1, 1), end_date=date(2021, 2, 1))
    url = reverse("roads:export-interventions")
    every = b"".join(client.get(url, {"format": "csv"}).streaming_content).decode()
    assert "2012-02-01" in every and "2021-02-01" in every
    period = b"".join(client.get(url, {"desde": 2019}).streaming_content).decode()
    assert "2012-02-01" not in period and "2021-02-01" in period


def test_the_report_form_is_rate_limited_per_address(client):
    data = {
        "kind": "otro",
        "severity": 1,
        "description": "x",
        "is_anonymous": "on",
        "location_reference": "Km 3",
    }
    for _ in range(10):
        assert client.post(reverse("roads:report-create"), data).status_code == 302
    assert client.post(reverse("roads:report-create"), data).status_code == 429
    assert RoadReport.objects.count() == 10


def test_report_photos_are_kept_without_exif(client, jpeg_with_exif, settings, tmp_path):
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    data = {
        "kind": "puente",
        "severity": 3,
        "description": "Puente caído",
        "is_anonymous": "on",
        "location_reference": "Río Peripa",
        "photos": jpeg_with_exif,
    }
    assert client.post(reverse("roads:report-create"), data).status_code == 302
    photo = RoadReport.objects.get().photos.get()
    with Image.open(photo.image.path) as image:
        assert not image.getexif()


def test_the_dashboard_reads_in_english_when_asked(client):
    response = client.get(reverse("roads:index"), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "Total branches" in html and "Km actually worked" in html


def test_km_worked_by_year_adds_up_to_the_figure(client, demo):
    response = client.get(reverse("roads:index"))
    by_year = response.context["worked_by_year"]
    assert [year for year, _km in by_year] == [2019, 2020, 2021, 2022]
    assert sum(km for _year, km in by_year) == response.context["figures"]["worked_km"]


def test_a_hidden_report_is_not_public(client, technician):
    branch = BranchFactory()
    report = report_services.report_file(
        model=RoadReport,
        fields={"kind": "otro", "branch": branch, "parish": branch.parish, "description": "spam"},
    )
    report_services.report_hide(report=report, by=technician, reason="Publicidad")
    assert client.get(report.get_absolute_url()).status_code == 404
    assert report.tracking_code not in client.get(reverse("roads:report-list")).content.decode()


def test_the_roads_dashboard_stays_light_and_its_map_has_no_tab_stop_per_branch(client, demo):
    response = client.get("/vialidad/", headers={"accept-encoding": "gzip"})
    assert len(response.content) < 60_000  # compressed
    html = gzip.decompress(response.content).decode()
    assert html.count("<path d=") <= 4  # one path per need level
    assert "<polyline" not in html.split('class="roads-map"')[1]


def test_the_report_form_does_not_embed_the_branch_list(client):
    for i in range(30):
        BranchFactory(code=f"LCN{i:03d}", name=f"Vía a la comuna {i}")
    html = client.get(reverse("roads:report-create")).content.decode()
    assert "LCN017 · " not in html.split('id="ramales"')[1].split("</datalist>")[0]
    assert "roads/branch-search" in html


def test_the_branch_search_finds_by_code_name_or_parish_in_one_query(
    client, django_assert_max_num_queries
):
    for i in range(40):
        BranchFactory(code=f"LCN{i:03d}", name=f"Vía a la comuna {i}")
    BranchFactory(code="MTR001", name="Entrada a Palo Quemado")
    url = reverse("roads:branch-search")
    with django_assert_max_num_queries(1):
        by_code = client.get(url, {"q": "lcn01"}).json()["results"]
    assert [r["code"] for r in by_code] == [f"LCN{i:03d}" for i in range(10, 20)]
    by_name = client.get(url, {"q": "palo quemado"}).json()["results"]
    assert [r["code"] for r in by_name] == ["MTR001"]
    assert len(client.get(url, {"q": "LCN"}).json()["results"]) == 20
    assert client.get(url, {"q": "x"}).json()["results"] == []


def test_without_script_a_report_names_its_branch_by_exact_name(client):
    BranchFactory(code="MTR001", name="Entrada a Palo Quemado")
    response = client.post(
        reverse("roads:report-create"),
        {
            "kind": "bache",
            "severity": 2,
            "branch_code": "entrada a palo quemado",
            "description": "Bache profundo en la curva",
            "is_anonymous": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert RoadReport.objects.get().branch.code == "MTR001"


def test_the_report_forms_picking_map_is_light_and_leaves_the_keyboard_to_the_field(client, demo):
    response = client.get("/vialidad/reportar/", headers={"accept-encoding": "gzip"})
    assert len(response.content) < 40_000  # compressed (was 46 KB of full-precision lines)
    html = gzip.decompress(response.content).decode()
    svg = re.search(r"<svg[^>]*>.*?</svg>", html, re.S).group(0)
    assert 'aria-hidden="true"' in svg.split(">")[0]
    links = re.findall(r"<a [^>]*>", svg)
    assert len(links) > 800 and all('tabindex="-1"' in link for link in links)
    points = re.findall(r'points="([^"]+)"', svg)
    assert all(re.fullmatch(r"\d+,\d+( \d+,\d+)+", p) for p in points)  # whole pixels
    assert 'list="ramales"' in html  # the field, with its list of branches, is the way in
