"""Fill empty translations of a .po file from a JSON object {msgid: msgstr}.

Usage: python scripts/fill_po.py forum/locale/en/LC_MESSAGES/django.po translations.json
Prints the msgids still untranslated. Then `make messages` compiles the .mo files.
"""

import json
import re
import sys

ENTRY = re.compile(r'^msgid ((?:".*"\n?)+)msgstr ""\s*$', re.M)


def unquote(block: str) -> str:
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', block)
    return json.loads('"' + "".join(parts) + '"')


def fill(path: str, translations: dict) -> list:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = text.replace("charset=CHARSET", "charset=UTF-8")
    missing, out = [], []
    for entry in text.split("\n\n"):
        match = ENTRY.search(entry)
        if match and 'msgid ""\nmsgstr ""\n"' not in entry:
            msgid = unquote(match.group(1))
            if msgid in translations:
                entry = (
                    entry[: match.start()]
                    + "msgid "
                    + match.group(1)
                    + "msgstr "
                    + json.dumps(translations[msgid], ensure_ascii=False)
                ).replace("#, fuzzy\n", "")
            elif msgid:
                missing.append(msgid)
        out.append(entry)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n\n".join(out))
    return missing


if __name__ == "__main__":
    with open(sys.argv[2], encoding="utf-8") as f:
        left = fill(sys.argv[1], json.load(f))
    print(json.dumps({"untranslated": left}, ensure_ascii=False, indent=1))
