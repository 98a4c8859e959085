"""Refresh the catalogues from the code, fill translations from JSON files, compile.

    .venv/bin/python scripts/translate.py [FILE.json ...]

Each FILE holds a list of {"msgid", "msgctxt"?, "msgid_plural"?, "fr", "nl"} objects (for a
plural, "fr" and "nl" are lists, one form each). Entries already translated are overwritten only
when a FILE names them. Several people can run it at once on one tree: an exclusive lock on a file
beside the catalogues serialises makemessages, the merge and compilemessages, so that nobody's
translations are overwritten by another's refresh. Prints what is still untranslated or fuzzy.
"""

from __future__ import annotations

import fcntl
import json
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
RELAIS = ROOT / "relais"
LOCALE = RELAIS / "locale"
COMMAND = [str(ROOT / ".venv" / "bin" / "relais")]
LANGUAGES = ("fr", "nl")
FLAGS = ["--no-obsolete", "--no-location", "--no-wrap", "-v0"]


def refresh() -> None:
    for domain in ("django", "djangojs"):
        subprocess.run(
            [*COMMAND, "makemessages", "-d", domain, "-l", "fr", "-l", "nl", *FLAGS],
            cwd=RELAIS,
            check=True,
        )


def fill(translations: list[dict]) -> None:
    for language in LANGUAGES:
        for domain in ("django", "djangojs"):
            path = LOCALE / language / "LC_MESSAGES" / f"{domain}.po"
            if not path.exists():
                continue
            catalogue = polib.pofile(str(path), wrapwidth=0)
            for item in translations:
                entry = catalogue.find(item["msgid"], msgctxt=item.get("msgctxt"))
                if entry is None or language not in item:
                    continue
                value = item[language]
                if entry.msgid_plural:
                    forms = value if isinstance(value, list) else [value, value]
                    entry.msgstr_plural = dict(enumerate(forms))
                else:
                    entry.msgstr = value
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                    # All three: a "#| msgctxt" left alone is a syntax error for msgfmt.
                    entry.previous_msgctxt = None
                    entry.previous_msgid = None
                    entry.previous_msgid_plural = None
            catalogue.save()


def report() -> int:
    missing = 0
    for language in LANGUAGES:
        for domain in ("django", "djangojs"):
            path = LOCALE / language / "LC_MESSAGES" / f"{domain}.po"
            if not path.exists():
                continue
            catalogue = polib.pofile(str(path))
            for entry in catalogue.untranslated_entries() + catalogue.fuzzy_entries():
                missing += 1
                print(f"{language}/{domain}: {entry.msgid!r}")
    return missing


def main(files: list[str]) -> int:
    translations: list[dict] = []
    for name in files:
        translations += json.loads(Path(name).read_text(encoding="utf-8"))
    with open(LOCALE / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        refresh()
        fill(translations)
        subprocess.run([*COMMAND, "compilemessages", "-v0"], cwd=RELAIS, check=True)
    missing = report()
    print(f"{missing} message(s) still untranslated or fuzzy")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
