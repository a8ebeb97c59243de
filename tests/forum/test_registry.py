from django.urls import reverse

from core.registry import datasets, home_panels, indicators


def test_the_forum_registers_its_panel_datasets_and_indicators():
    assert home_panels.get("forum").order == 40
    assert {"forum.actors", "forum.attendance"} <= {d.key for d in datasets}
    assert "forum.attendance_rate" in indicators and "forum.active_actors" in indicators


def test_the_open_data_catalogue_links_the_forum_datasets(client, db):
    html = client.get(reverse("core:open-data")).content.decode()
    for key in ("forum.actors", "forum.attendance"):
        assert reverse("core:dataset-detail", args=[key]) in html
