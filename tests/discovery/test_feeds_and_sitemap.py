"""robots.txt, sitemap.xml and the Atom/RSS feeds, read as crawlers and feed readers read them."""

import re
from decimal import Decimal
from xml.etree import ElementTree

import feedparser
import pytest
from django.utils import timezone

from commitments.models import ProgressChange
from tests.commitments.factories import MilestoneFactory
from tests.environment.complaints.factories import ComplaintFactory
from tests.proposals.factories import ProposalFactory

pytestmark = pytest.mark.django_db
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"\b0\d{8,9}\b")


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body and "Disallow: /cuenta/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_the_sitemap_lists_public_pages_datasets_and_public_proposals_only(client):
    public = ProposalFactory(title="Alumbrado en la comuna")
    hidden = ProposalFactory(status="recibida", published_at=None)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locs = [e.text for e in ElementTree.fromstring(response.content).iter(f"{SM}loc")]
    assert "http://testserver/datos/" in locs
    assert "http://testserver/datos/agroprices.observations/" in locs
    assert f"http://testserver{public.get_absolute_url()}" in locs
    assert f"http://testserver{hidden.get_absolute_url()}" not in locs


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_the_proposals_feed_carries_published_proposals_without_the_proposer(client, kind):
    ProposalFactory(title="Alumbrado en la comuna")
    ProposalFactory(title="Propuesta sin revisar", status="recibida", published_at=None)
    response = client.get(f"/feeds/propuestas.{kind}")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert [e.title for e in feed.entries] == ["Alumbrado en la comuna"]
    body = response.content.decode()
    assert "Rosa Aguavil" not in body and not EMAIL.search(body) and not PHONE.search(body)


def test_the_complaints_feed_shows_code_category_and_parish_but_no_reporter(client):
    complaint = ComplaintFactory(
        reporter_name="Pedro Aguavil",
        reporter_email="pedro.aguavil@example.org",
        reporter_phone="0987654321",
    )
    response = client.get("/feeds/denuncias.atom")
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.entries[0].title.startswith(complaint.tracking_code)
    body = response.content.decode()
    for secret in ("Pedro Aguavil", complaint.description, "Vía Alluriquín"):
        assert secret not in body
    assert not EMAIL.search(body) and not PHONE.search(body)


def test_the_progress_feed_has_one_entry_per_change(client, django_assert_max_num_queries):
    milestone = MilestoneFactory(title="Licitar el puente")
    for old, new in ((0, 40), (40, 75)):
        ProgressChange.objects.create(
            milestone=milestone,
            old_progress=Decimal(old),
            new_progress=Decimal(new),
            changed_at=timezone.now(),
        )
    with django_assert_max_num_queries(3):
        response = client.get("/feeds/avance.rss")
    feed = feedparser.parse(response.content)
    assert [e.title for e in feed.entries] == [
        "Licitar el puente: 40 % → 75 %",
        "Licitar el puente: 0 % → 40 %",
    ]


def test_every_page_links_the_feeds_for_feed_readers(client):
    body = client.get("/").content.decode()
    assert 'rel="alternate" type="application/atom+xml" href="/feeds/propuestas.atom"' in body
    assert 'href="/feeds/avance.atom"' in body
