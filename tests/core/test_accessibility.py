"""Accessibility of the public pages (WCAG 2.1 AA basics) and of the portal's colours.

Each page is fetched with the demo data loaded and read with the standard library's HTML parser:
what a screen reader or a phone user meets first (language, headings, labels, names) is checked
page by page, so a failure names the page.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections, transaction
from django.urls import reverse

from tests.proposals.factories import ConsultationFactory, ThemeFactory

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
# Inputs a user never types into, or that name themselves (a submit button shows its value).
UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}


class Page(HTMLParser):
    """Collects what the checks need in one pass; end tags close up to their opening tag, so
    optional end tags (</p>, </li>) do not derail the nesting."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # [tag, attrs, text parts]
        self.html_lang = None
        self.viewport = None
        self.headings = []  # (level, text)
        self.ids = []
        self.references = []  # (tag, attribute, id) that must exist in the page
        self.hidden_focusable = []  # reachable with Tab, yet silent for screen readers
        self.label_for = set()
        self.fields = []  # (tag, attrs)
        self.imgs = []
        self.links = []  # (attrs, accessible text)
        self.tables = []  # dicts: has_th, th_ok
        self.svgs = []  # attrs, plus "_title" and "_links" found inside
        self.title = None
        self.buttons = []  # (attrs, text)
        self.main_id = None
        self.first_link_href = None

    # -- helpers
    def _hidden(self):
        return any(
            "hidden" in attrs or attrs.get("aria-hidden") == "true" or tag == "template"
            for tag, attrs, _ in self.stack
        )

    def _inside(self, tag):
        return any(t == tag for t, _, _ in self.stack)

    def _nearest(self, tag):
        for t, attrs, text in reversed(self.stack):
            if t == tag:
                return attrs, text
        return None

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v if v is not None else "") for k, v in attrs}
        if "id" in attrs:
            self.ids.append(attrs["id"])
        for attr in ("aria-describedby", "aria-labelledby", "aria-controls", "list"):
            self.references.extend((tag, attr, ref) for ref in attrs.get(attr, "").split())
        focusable = tag in {"input", "select", "textarea", "button"} or (
            tag == "a" and "href" in attrs
        )
        if (
            focusable
            and attrs.get("type") != "hidden"
            and attrs.get("tabindex") != "-1"
            and any(a.get("aria-hidden") == "true" for _, a, _ in self.stack)
        ):
            self.hidden_focusable.append((tag, attrs.get("name") or attrs.get("href")))
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "meta" and attrs.get("name") == "viewport":
            self.viewport = attrs.get("content", "")
        elif tag == "main":
            self.main_id = attrs.get("id")
        elif tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])
            self.references.append((tag, "for", attrs["for"]))
        elif tag in {"input", "select", "textarea"} and not self._hidden():
            if not (tag == "input" and attrs.get("type", "text") in UNLABELLED_INPUT_TYPES):
                self.fields.append((tag, attrs))
            if tag == "input" and attrs.get("type") == "image":
                self.imgs.append(attrs)
        elif tag == "img":
            self.imgs.append(attrs)
            # An image inside a link names the link with its alt text.
            for t, _, text in reversed(self.stack):
                if t == "a":
                    text.append(attrs.get("alt", ""))
                    break
        elif tag == "table":
            wrapped = any("table-wrap" in a.get("class", "").split() for _, a, _ in self.stack)
            self.tables.append({"has_th": False, "th_ok": True, "wrapped": wrapped})
        elif tag == "th" and self.tables:
            table = self.tables[-1]
            table["has_th"] = True
            if "scope" not in attrs and not self._inside("thead"):
                table["th_ok"] = False
        elif tag == "a" and self.first_link_href is None and attrs.get("href"):
            self.first_link_href = attrs["href"]
        if tag == "a" and self._inside("svg"):
            self._nearest("svg")[0]["_links"] = True
        if tag not in VOID:
            self.stack.append((tag, attrs, []))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_data(self, data):
        for _, _, text in self.stack:
            text.append(data)

    def handle_endtag(self, tag):
        if not any(t == tag for t, _, _ in self.stack):
            return
        while self.stack:
            t, attrs, text = self.stack.pop()
            if t == tag:
                break
        hidden = self._hidden() or "hidden" in attrs
        text = " ".join("".join(text).split())
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append((int(tag[1]), text))
        elif tag == "a" and "href" in attrs and not hidden:
            self.links.append((attrs, text))
        elif tag == "button" and not hidden:
            self.buttons.append((attrs, text))
        elif tag == "title" and self._inside("svg"):
            self._nearest("svg")[0]["_title"] = text
        elif tag == "title" and self.title is None:
            self.title = text
        elif tag == "svg":
            self.svgs.append(attrs)


def _named(attrs, text=""):
    return bool(text.strip() or attrs.get("aria-label", "").strip() or attrs.get("aria-labelledby"))


def audit(html):
    """Every accessibility problem found in a page, as readable sentences."""
    page = Page()
    page.feed(html)
    page.close()
    problems = []
    if (page.html_lang or "").lower().split("-")[0] != "es":
        problems.append(f"<html lang> es {page.html_lang!r}, se espera español (es)")
    if not page.viewport or "width=device-width" not in page.viewport.replace(" ", ""):
        problems.append("falta <meta name=viewport content=width=device-width>")
    if not page.main_id or page.first_link_href != f"#{page.main_id}":
        problems.append(
            f"el primer enlace ({page.first_link_href!r}) no salta al contenido principal "
            f"(<main id={page.main_id!r}>)"
        )
    if not page.title or "<" in page.title:
        problems.append(f"<title> vacío o con marcado: {page.title!r}")
    h1s = [text for level, text in page.headings if level == 1]
    if len(h1s) != 1:
        problems.append(f"se esperaba exactamente un <h1>, hay {len(h1s)}: {h1s}")
    previous = 0
    for level, text in page.headings:
        if level > previous + 1:
            problems.append(f"salto de encabezado h{previous}→h{level} en {text!r}")
        previous = level
    duplicated = sorted({i for i in page.ids if page.ids.count(i) > 1})
    if duplicated:
        problems.append(f"ids repetidos: {duplicated}")
    # A label or description pointing at a missing id is silently dropped by screen readers.
    for tag, attr, ref in page.references:
        if ref not in page.ids:
            problems.append(f"<{tag} {attr}={ref!r}> apunta a un id que no existe")
    for tag, name in page.hidden_focusable:
        problems.append(f"<{tag} {name!r}> enfocable dentro de aria-hidden")
    for tag, attrs in page.fields:
        if not (attrs.get("id") in page.label_for or _named(attrs)):
            problems.append(f"<{tag} name={attrs.get('name')!r}> sin etiqueta")
    for attrs in page.imgs:
        if "alt" not in attrs:
            problems.append(f"<img src={attrs.get('src')!r}> sin alt")
    for i, table in enumerate(page.tables, 1):
        if not table["has_th"]:
            problems.append(f"tabla {i} sin encabezados <th>")
        elif not table["th_ok"]:
            problems.append(f"tabla {i}: <th> fuera de <thead> sin scope")
        # At 360 px a wide table scrolls inside its wrapper instead of widening the page.
        if not table["wrapped"]:
            problems.append(f"tabla {i} fuera de un .table-wrap")
    for attrs in page.svgs:
        if attrs.get("aria-hidden") == "true":
            continue
        # A chart is one image; a map of links is a named group, so its links stay reachable.
        role = "group" if attrs.get("_links") else "img"
        if attrs.get("role") != role or not (_named(attrs) or attrs.get("_title")):
            problems.append(
                f"<svg class={attrs.get('class')!r}> sin role={role} y nombre accesible"
            )
    for attrs, text in page.links:
        if not _named(attrs, text):
            problems.append(f"enlace sin texto: href={attrs.get('href')!r}")
    for attrs, text in page.buttons:
        if not _named(attrs, text):
            problems.append(f"botón sin texto: {attrs}")
    return problems


# -- the pages ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once for the module inside a transaction rolled back at the end, so
    the other test modules still start from an empty database."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", "forum", "proposals", "agroprices", "roads", stdout=None)
            # The demo consultations are past ones; the proposal form needs an open one.
            ThemeFactory(consultation=ConsultationFactory(slug="consulta-abierta"))
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            for connection in connections.all():
                connection.close()


def _first(model_path, **filters):
    from django.apps import apps

    app_label, model = model_path.split(".")
    obj = apps.get_model(app_label, model).objects.filter(**filters).order_by("pk").first()
    assert obj is not None, f"los datos de demostración no tienen {model_path} {filters}"
    return obj


def _open_consultation():
    return _first("proposals.Consultation", slug="consulta-abierta")


def _public_proposal():
    from proposals.models import PUBLIC_STATUSES

    return _first("proposals.Proposal", status__in=PUBLIC_STATUSES)


# name -> (url builder, expected status). Builders run after the demo data is in.
PAGES = {
    "core:home": (lambda: reverse("core:home"), 200),
    "core:open-data": (lambda: reverse("core:open-data"), 200),
    "core:about": (lambda: reverse("core:about"), 200),
    "core:track": (lambda: reverse("core:track"), 200),
    "core:track-not-found": (lambda: reverse("core:track") + "?codigo=XX-0000-0000", 404),
    "core:flag": (
        lambda: reverse("core:flag", args=["proposals.proposal", _public_proposal().pk]),
        200,
    ),
    "forum:index": (lambda: reverse("forum:index"), 200),
    "forum:actor-list": (lambda: reverse("forum:actor-list"), 200),
    "forum:actor-detail": (
        lambda: reverse("forum:actor-detail", args=[_first("forum.Actor").pk]),
        200,
    ),
    "forum:mapping": (lambda: reverse("forum:mapping"), 200),
    "forum:meeting-list": (lambda: reverse("forum:meeting-list"), 200),
    "forum:meeting-detail": (
        lambda: reverse("forum:meeting-detail", args=[_first("forum.Meeting").pk]),
        200,
    ),
    "forum:participation": (lambda: reverse("forum:participation"), 200),
    "proposals:index": (lambda: reverse("proposals:index"), 200),
    "proposals:consultation": (
        lambda: reverse("proposals:consultation", args=[_open_consultation().slug]),
        200,
    ),
    "proposals:consultation-closed": (
        lambda: reverse("proposals:consultation", args=[_first("proposals.Consultation").slug]),
        200,
    ),
    "proposals:create": (
        lambda: reverse("proposals:create", args=[_open_consultation().slug]),
        200,
    ),
    "proposals:detail": (lambda: reverse("proposals:detail", args=[_public_proposal().pk]), 200),
    "proposals:submitted": (
        lambda: reverse("proposals:submitted", args=[_first("proposals.Proposal").tracking_code]),
        200,
    ),
    "proposals:track-code": (
        lambda: reverse("proposals:track-code", args=[_first("proposals.Proposal").tracking_code]),
        200,
    ),
    "agroprices:index": (lambda: reverse("agroprices:index"), 200),
    "agroprices:product": (
        lambda: reverse("agroprices:product", args=[_first("agroprices.Product").slug]),
        200,
    ),
    "agroprices:production": (lambda: reverse("agroprices:production"), 200),
    "roads:index": (lambda: reverse("roads:index"), 200),
    "roads:branch": (lambda: reverse("roads:branch", args=[_first("roads.Branch").code]), 200),
    "roads:report-create": (lambda: reverse("roads:report-create"), 200),
    "roads:report-list": (lambda: reverse("roads:report-list"), 200),
    "roads:report-detail": (
        lambda: reverse(
            "roads:report-detail",
            args=[_first("roads.RoadReport", is_hidden=False).tracking_code],
        ),
        200,
    ),
}

# Pages for signed-in people (collectors in the field, forum members scoring): name -> (url
# builder, user fixture).
SIGNED_IN_PAGES = {
    "agroprices:collect": (lambda: reverse("agroprices:collect"), "technician"),
    "forum:meeting-attendance": (
        lambda: reverse("forum:meeting-attendance", args=[_first("forum.Meeting").pk]),
        "technician",
    ),
    "proposals:matrix": (
        lambda: reverse("proposals:matrix", args=[_first("proposals.Consultation").slug]),
        "technician",
    ),
    "proposals:score": (
        lambda: reverse("proposals:score", args=[_public_proposal().pk]),
        "forum_member",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_signed_in_page_is_accessible(name, demo, client, request):
    build, user_fixture = SIGNED_IN_PAGES[name]
    client.force_login(request.getfixturevalue(user_fixture))
    url = build()
    response = client.get(url)
    assert response.status_code == 200, url
    assert audit(response.content.decode()) == [], url


# Forms sent empty: the page that comes back with the errors must stay accessible too.
INVALID_POSTS = {
    "core:flag": lambda: reverse("core:flag", args=["proposals.proposal", _public_proposal().pk]),
    "roads:report-create": lambda: reverse("roads:report-create"),
    "proposals:create": lambda: reverse("proposals:create", args=[_open_consultation().slug]),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_public_page_is_accessible(name, demo, client):
    build, expected_status = PAGES[name]
    url = build()
    response = client.get(url)
    assert response.status_code == expected_status, url
    assert audit(response.content.decode()) == [], url


@pytest.mark.django_db
@pytest.mark.parametrize("name", INVALID_POSTS)
def test_form_with_errors_is_accessible(name, demo, client):
    url = INVALID_POSTS[name]()
    # One empty field makes the form bound, so every required field reports its error.
    response = client.post(url, {"website": ""})
    assert response.status_code == 400, url
    html = response.content.decode()
    assert 'class="errorlist' in html
    assert audit(html) == [], url


def test_audit_catches_the_usual_mistakes():
    """The checker itself: a page with each mistake yields one complaint per mistake."""
    bad = """<!doctype html><html lang="en"><head></head><body>
      <main id="c"><h1>A</h1><h1>B</h1><h3>C</h3>
      <input name="q" id="q"><img src="x.png"><table><tr><td>1</td></tr></table>
      <table><tr><th>x</th></tr></table><svg viewBox="0 0 1 1"></svg><a href="/x"></a>
      <button></button><label for="nada">X</label>
      <input aria-label="y" aria-describedby="y_helptext">
      <div aria-hidden="true"><input name="trampa" aria-label="t"></div></main></body></html>"""
    problems = audit(bad)
    for fragment in [
        "lang",
        "<title> vacío",
        "viewport",
        "primer enlace",
        "exactamente un <h1>",
        "h1→h3",
        "<input name='q'> sin etiqueta",
        "sin alt",
        "tabla 1 sin encabezados",
        "tabla 2: <th> fuera de <thead> sin scope",
        "tabla 1 fuera de un .table-wrap",
        "<svg",
        "enlace sin texto",
        "botón sin texto",
        "<label for='nada'> apunta a un id que no existe",
        "<input aria-describedby='y_helptext'> apunta",
        "<input 'trampa'> enfocable dentro de aria-hidden",
    ]:
        assert any(fragment in p for p in problems), (fragment, problems)
    good = """<!doctype html><html lang="es-EC"><head><title>Bien</title>
      <meta name="viewport" content="width=device-width, initial-scale=1"></head><body>
      <a href="#c">Saltar</a><main id="c"><h1>A</h1><h2>B</h2><h3>C</h3><h2>D</h2>
      <label for="q">Buscar</label><input name="q" id="q" aria-describedby="q_help">
      <p id="q_help">Una palabra</p>
      <div aria-hidden="true"><input name="trampa" tabindex="-1" aria-label="t"></div>
      <input type="hidden" name="t">
      <img src="x.png" alt="">
      <div class="table-wrap"><table><thead><tr><th>x</th></tr></thead></table></div>
      <svg role="img"><title>Gráfico</title></svg><svg aria-hidden="true"></svg>
      <svg role="group" aria-label="Mapa"><a href="/r"><title>Ramal</title></a></svg>
      <a href="/x"><img src="i.png" alt="Inicio"></a><a href="/y" aria-label="Mapa"></a>
      <button>Enviar</button></main></body></html>"""
    assert audit(good) == []


# -- colours -----------------------------------------------------------------------------------

CSS_FILES = [
    Path(settings.BASE_DIR) / "core/static/core/minga.css",
    Path(settings.BASE_DIR) / "agroprices/static/agroprices/agroprices.css",
    Path(settings.BASE_DIR) / "roads/static/roads/roads.css",
]
CORE_CSS = CSS_FILES[0]
# Where a rule sets only a text colour, the background it is read on, by selector start.
# Everything else is read on the page (--bg) and on the soft panels (--soft).
BACKGROUND_BY_SELECTOR = {
    ".site-header": ["--green"],
    ".brand": ["--green"],
    ".main-nav": ["--green-dark"],
}


def _variables(css):
    root = re.search(r":root\s*\{(.*?)\}", css, re.S).group(1)
    return dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", root))


def _resolve(value, variables):
    value = value.strip()
    for _ in range(5):
        match = re.fullmatch(r"var\((--[\w-]+)\)", value)
        if not match:
            break
        value = variables[match.group(1)].strip()
    return value


def _rgb(colour):
    colour = colour.strip().lower()
    named = {"#fff": "#ffffff", "#000": "#000000", "white": "#ffffff", "black": "#000000"}
    colour = named.get(colour, colour)
    if re.fullmatch(r"#[0-9a-f]{3}", colour):
        colour = "#" + "".join(c * 2 for c in colour[1:])
    assert re.fullmatch(r"#[0-9a-f]{6}", colour), f"colour not understood: {colour}"
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


def _luminance(colour):
    def channel(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground, background):
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_formula_matches_wcag_examples():
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#1b5e20", "#1b5e20") == pytest.approx(1)


def _colour_pairs():
    """(where, text colour, background) for every rule of the stylesheets that sets a colour."""
    variables = _variables(CORE_CSS.read_text())
    pairs = []
    for path in CSS_FILES:
        css = re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.S)
        css = re.sub(r"@media[^{]*\{((?:[^{}]*\{[^}]*\})*)\s*\}", r"\1", css)
        for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
            selector = " ".join(selector.split())
            decls = dict(
                (k.strip(), v.strip())
                for k, v in re.findall(r"(?:^|;)\s*([\w-]+)\s*:\s*([^;]+)", body)
            )
            colour = decls.get("color") or decls.get("fill")
            if selector == ":root":
                colour = decls.get("color")
            if not colour or colour in {"inherit", "currentColor", "transparent", "none"}:
                continue
            background = decls.get("background-color") or decls.get("background")
            if selector == ":root" or not background:
                start = next(
                    (v for k, v in BACKGROUND_BY_SELECTOR.items() if selector.startswith(k)),
                    ["--bg", "--soft"],
                )
                backgrounds = [variables[v] for v in start]
            else:
                backgrounds = [_resolve(background, variables)]
            for bg in backgrounds:
                pairs.append(
                    (
                        f"{path.name} {selector}",
                        _resolve(colour, variables),
                        _resolve(bg, variables),
                    )
                )
    return pairs


def test_stylesheets_set_colours_the_test_can_read():
    where = {w for w, _, _ in _colour_pairs()}
    # The pairs that matter most must be among the ones checked.
    for selector in ["a", ":root", ".btn", ".errorlist", ".muted", ".main-nav a", ".skip-link"]:
        assert f"minga.css {selector}" in where, selector


@pytest.mark.parametrize("where,text,background", _colour_pairs())
def test_text_colours_reach_wcag_aa_contrast(where, text, background):
    ratio = contrast(text, background)
    assert ratio >= 4.5, f"{where}: {text} sobre {background} = {ratio:.2f}:1"


def test_key_pairs_reach_wcag_aa_contrast():
    """Text on the page, links, buttons, errors, focus: each pair named, at least 4.5:1."""
    v = {k: _resolve(val, _variables(CORE_CSS.read_text())) for k, val in
         _variables(CORE_CSS.read_text()).items()}  # fmt: skip
    pairs = {
        "texto": (v["--ink"], v["--bg"]),
        "texto secundario": (v["--muted"], v["--bg"]),
        "texto secundario en panel": (v["--muted"], v["--soft"]),
        "enlace": (v["--green-dark"], v["--bg"]),
        "enlace en panel": (v["--green-dark"], v["--soft"]),
        "botón": ("#ffffff", v["--green"]),
        "botón activo": ("#ffffff", v["--green-dark"]),
        "botón secundario": (v["--green-dark"], "#ffffff"),
        "error": (v["--danger"], v["--bg"]),
        "aviso": (v["--warn"], v["--bg"]),
        "enlace de salto": ("#000000", v["--focus"]),
    }
    low = {
        name: round(contrast(fg, bg), 2)
        for name, (fg, bg) in pairs.items()
        if contrast(fg, bg) < 4.5
    }
    assert low == {}
