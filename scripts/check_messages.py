"""Fail when a translation catalogue is stale, incomplete or not compiled.

- stale: the code holds a string that the committed catalogue lacks (makemessages is run into a
  scratch copy of the tree and the message ids compared);
- incomplete: a message of the French or Dutch catalogue is untranslated or fuzzy;
- not compiled: the committed .mo differs from what msgfmt makes of the committed .po.

English is the source language of the code, so it needs no catalogue of its own.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ("fr", "nl")
DOMAINS = ("django", "djangojs")


def entries(po: Path) -> dict[str, tuple[str, bool]]:
    """msgid (with context) -> (msgstr joined, fuzzy) for a .po file, header excluded."""
    found: dict[str, tuple[str, bool]] = {}
    text = po.read_text(encoding="utf-8")
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        key = fields.get("msgctxt", "") + "\x04" + fields["msgid"]
        strs = [v for k, v in fields.items() if k.startswith("msgstr")]
        translated = all(strs) and bool(strs)
        found[key] = ("|".join(strs) if translated else "", fuzzy)
    return found


def main() -> int:
    problems: list[str] = []
    relais = ROOT / "relais"
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "relais"
        shutil.copytree(relais, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        shutil.rmtree(copy / "locale", ignore_errors=True)
        (copy / "locale").mkdir()
        for domain in DOMAINS:
            args = [
                sys.executable,
                str(ROOT / "manage.py"),
                "makemessages",
                "-l",
                "fr",
                "--no-location",
                "--no-obsolete",
                "-d",
                domain,
            ]
            subprocess.run(args, cwd=copy, check=True, capture_output=True)
        for domain in DOMAINS:
            fresh_po = copy / "locale" / "fr" / "LC_MESSAGES" / f"{domain}.po"
            fresh = set(entries(fresh_po)) if fresh_po.exists() else set()
            for lang in LOCALES:
                po = relais / "locale" / lang / "LC_MESSAGES" / f"{domain}.po"
                if not po.exists():
                    if fresh:
                        problems.append(f"{po.relative_to(ROOT)} is missing")
                    continue
                committed = entries(po)
                for missing in sorted(fresh - set(committed)):
                    problems.append(f"{lang}/{domain}: not in the catalogue: {missing[1:]!r}")
                for msgid, (msgstr, fuzzy) in committed.items():
                    if msgid not in fresh:
                        continue  # obsolete entries are harmless; makemessages drops them
                    if fuzzy:
                        problems.append(f"{lang}/{domain}: fuzzy: {msgid[1:]!r}")
                    elif not msgstr:
                        problems.append(f"{lang}/{domain}: untranslated: {msgid[1:]!r}")
                mo = po.with_suffix(".mo")
                compiled = Path(scratch) / f"{lang}-{domain}.mo"
                result = subprocess.run(
                    ["msgfmt", "--check", "-o", str(compiled), str(po)],
                    capture_output=True,
                    text=True,
                )
                if result.returncode != 0:
                    problems.append(f"{lang}/{domain}: msgfmt --check: {result.stderr.strip()}")
                elif not mo.exists() or mo.read_bytes() != compiled.read_bytes():
                    problems.append(
                        f"{mo.relative_to(ROOT)} is not compiled from its .po (run make messages)"
                    )
    for problem in problems[:200]:
        print(problem)
    if problems:
        print(f"{len(problems)} translation problem(s); run `make messages` and translate.")
        return 1
    print("Translation catalogues are complete and compiled.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
