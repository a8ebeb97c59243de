"""sitemap.xml: the public pages, every dataset's page and every public proposal."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

PAGES = [
    "core:home",
    "core:open-data",
    "core:about",
    "forum:index",
    "proposals:index",
    "commitments:index",
    "environment:index",
    "agroprices:index",
    "roads:index",
]


class PagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return PAGES

    def location(self, item):
        return reverse(item)


class DatasetsSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        from core.registry import datasets

        return list(datasets)

    def location(self, item):
        return reverse("core:dataset-detail", args=[item.key])


class ProposalsSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        from proposals.selectors import public_proposals

        return public_proposals().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {"pages": PagesSitemap, "datasets": DatasetsSitemap, "proposals": ProposalsSitemap}
