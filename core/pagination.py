"""One way to page a public list: `?pagina=N`, the other filters kept in every page link."""

from django.core.paginator import Page, Paginator

PARAM = "pagina"
LEGACY = ("page",)  # the forum's first links used ?page=


def paginate(request, items, per_page: int) -> dict:
    """Context for `_pagination.html`: `page` and `query` (the request's other parameters)."""
    number = request.GET.get(PARAM) or next(
        (request.GET[name] for name in LEGACY if request.GET.get(name)), None
    )
    page: Page = Paginator(items, per_page).get_page(number)
    query = request.GET.copy()
    for name in (PARAM, *LEGACY):
        query.pop(name, None)
    return {"page": page, "query": query.urlencode()}
