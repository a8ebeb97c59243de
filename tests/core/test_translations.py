"""The English catalogues are complete: every Spanish string has a reviewed translation.

A visitor who picks English must never meet a Spanish leftover (untranslated entry), a stale
guess (fuzzy entry: gettext ignores it, so Spanish shows), a message that lost the value it
was meant to show (a placeholder of the msgid missing from the msgstr), or a translation the
server does not have (the committed .mo out of step with its .po). No database needed.
"""

import gettext
import json
import os
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SKIP_DIRS = {".venv", "node_modules", "__pycache__", "tests", "bench"}

NAMED = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifgGeExXor]")
POSITIONAL = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[sdifgGeExXor]")
BRACES = re.compile(r"(?<!\{)\{\w*(?:[.:!][^{}]*)?\}(?!\})")


def po_files() -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS and not d.startswith(".")]
        if Path(dirpath).name == "LC_MESSAGES":
            found += [Path(dirpath) / f for f in filenames if f.endswith(".po")]
    return sorted(found)


def _unquote(text: str) -> str:
    return json.loads(f'"{text}"')


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: fields (msgid, msgid_plural, msgstr, msgstr[n]…), flags, line."""
    entries, entry, field = [], None, None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            entry, field = None, None
            continue
        if line.startswith("#"):
            if entry is not None and "msgid" in entry["fields"]:
                entry, field = None, None  # a comment after the strings starts the next entry
            if entry is None:
                entry = {"fields": {}, "flags": set(), "line": number}
                entries.append(entry)
            if line.startswith("#,"):
                entry["flags"] |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        if line.startswith('"'):
            entry["fields"][field] += _unquote(line[1:-1])
            continue
        key, _, rest = line.partition(" ")
        if entry is None or (key in ("msgid", "msgctxt") and "msgid" in entry["fields"]):
            entry = {"fields": {}, "flags": set(), "line": number}
            entries.append(entry)
        field = key
        entry["fields"][key] = _unquote(rest.strip()[1:-1])
    return [e for e in entries if e["fields"].get("msgid")]  # not the header


def placeholders(text: str, python_format: bool) -> Counter:
    found = NAMED.findall(text) + BRACES.findall(text)
    if python_format:
        positional = NAMED.sub("", text.replace("%%", ""))
        found += POSITIONAL.findall(positional)
    return Counter(found)


def translations(entry: dict) -> list[tuple[str, str]]:
    """(source, translation) pairs: msgstr for msgid; msgstr[0] singular, others plural."""
    fields = entry["fields"]
    if "msgid_plural" not in fields:
        return [(fields["msgid"], fields.get("msgstr", ""))]
    forms = sorted(k for k in fields if k.startswith("msgstr["))
    return [
        (fields["msgid"] if form == "msgstr[0]" else fields["msgid_plural"], fields[form])
        for form in forms
    ]


def where(path: Path, entry: dict) -> str:
    return f"{path.relative_to(ROOT)}:{entry['line']} {entry['fields']['msgid'][:70]!r}"


FILES = po_files()


def test_every_app_has_an_english_catalogue():
    names = {p.relative_to(ROOT).parts[0] for p in FILES if p.parent.parent.name == "en"}
    apps = {"core", "forum", "proposals", "commitments", "environment", "agroprices", "roads"}
    assert apps | {"locale"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_untranslated_or_fuzzy_entry(path):
    entries = parse_po(path)
    assert entries, f"{path} has no entries"
    fuzzy = [where(path, e) for e in entries if "fuzzy" in e["flags"]]
    empty = [where(path, e) for e in entries if any(not t for _, t in translations(e))]
    assert not (fuzzy or empty), "\n".join(
        ["fuzzy (shown in Spanish until reviewed):", *fuzzy, "untranslated:", *empty]
    )


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_translations_keep_every_placeholder(path):
    wrong = []
    for entry in parse_po(path):
        python_format = "python-format" in entry["flags"]
        for source, translated in translations(entry):
            if not translated:
                continue
            want, got = placeholders(source, python_format), placeholders(translated, python_format)
            if want != got:
                wrong.append(f"{where(path, entry)}: {dict(want)} != {dict(got)}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_matches_its_po(path):
    mo = path.with_suffix(".mo")
    assert mo.exists(), f"{mo} missing: run compilemessages"
    with mo.open("rb") as f:
        catalog = gettext.GNUTranslations(f)._catalog
    stale = []
    for entry in parse_po(path):
        fields = entry["fields"]
        key = fields["msgid"]
        if "msgctxt" in fields:
            key = f"{fields['msgctxt']}\x04{key}"
        if "msgid_plural" in fields:
            for n, (_, translated) in enumerate(translations(entry)):
                if catalog.get((key, n)) != translated:
                    stale.append(where(path, entry))
        elif catalog.get(key) != fields.get("msgstr"):
            stale.append(where(path, entry))
    assert not stale, f"{mo.name} is stale (run compilemessages):\n" + "\n".join(stale)


def test_parser_reads_plurals_flags_and_continuations(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\n#| msgid "viejo"\n'
        'msgid ""\n"Hola, "\n"%(name)s"\nmsgstr "Hi, %(nombre)s"\n\n'
        'msgid "%(n)s oferta"\nmsgid_plural "%(n)s ofertas"\n'
        'msgstr[0] "%(n)s offer"\nmsgstr[1] ""\n\n'
        '#~ msgid "obsoleta"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    first, second = parse_po(po)
    assert first["fields"]["msgid"] == "Hola, %(name)s"
    assert first["flags"] == {"fuzzy", "python-format"}
    assert placeholders(first["fields"]["msgstr"], True) != placeholders("Hola, %(name)s", True)
    assert translations(second) == [("%(n)s oferta", "%(n)s offer"), ("%(n)s ofertas", "")]
    assert placeholders("100 %% de {x} y %s", True) == Counter({"{x}": 1, "%s": 1})
