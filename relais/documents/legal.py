"""The law cited in notices and letters: shipped as YAML in each jurisdiction pack
(relais/jurisdictions/packs/<code>/legal_references.yaml), kept in the LegalReference table, read
from there.

The YAML is only the starting point: the data migration loads it once, and administrators
correct rows in the admin afterwards. `relais load_legal_references` adds references that a newer
release ships; with `--update` it also overwrites existing rows from the file (losing corrections
made in the admin, which is why it is not the default).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from relais.jurisdictions.packs import pack_folders

REFERENCES_FILE = "legal_references.yaml"
FIELDS = (
    "title",
    "text",
    "penalty",
    "source",
    "effective_from",
    "verify",
    "letters",
    "categories",
    "order",
)


class ReferenceFileError(ValueError):
    pass


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    kept: int


def pack_files() -> list[Path]:
    """Every pack's legal_references.yaml (JURISDICTION_PACKS_DIR)."""
    return [folder / REFERENCES_FILE for folder in pack_folders()]


def read_file(path: Path | None = None) -> list[dict[str, Any]]:
    """Every reference of the packs (or of the one file `path`, in its folder's jurisdiction)
    as a dict of model fields, checked (ReferenceFileError naming file and entry)."""
    from relais.alerts.models import Category
    from relais.documents.models import CITING_KINDS

    rows: list[dict[str, Any]] = []
    for file in [path] if path else pack_files():
        jurisdiction = file.parent.name
        try:
            references = yaml.safe_load(file.read_text(encoding="utf-8")) or []
        except (OSError, yaml.YAMLError) as error:
            raise ReferenceFileError(f"{file}: cannot be read ({error})") from None
        if not isinstance(references, list):
            raise ReferenceFileError(f"{jurisdiction}/{file.name}: a list of references")
        rows += _rows(jurisdiction, file.name, references, Category.values, CITING_KINDS)
    return rows


def _rows(
    jurisdiction: str, name: str, references: list[Any], known: list[str], kinds: list[str]
) -> list[dict[str, Any]]:
    """One file's references, checked: each error names the file, the entry and the key.
    `known`: the category codes; `kinds`: what may cite a reference."""
    from relais.documents.models import PENALTY_WORDS

    rows: list[dict[str, Any]] = []
    for order, ref in enumerate(references):
        if not isinstance(ref, dict):
            raise ReferenceFileError(f"{jurisdiction}/{name} #{order + 1}: a mapping of fields")
        where = f"{jurisdiction}/{name} #{order + 1} ({ref.get('key')})"
        missing = [
            f for f in ("key", "title", "text", "source", "effective_from") if not ref.get(f)
        ]
        if missing:
            raise ReferenceFileError(f"{where}: missing {', '.join(missing)}")
        if not isinstance(ref["effective_from"], date):
            raise ReferenceFileError(f"{where}: effective_from must be a date (YYYY-MM-DD)")
        if PENALTY_WORDS.search(ref["text"]):
            raise ReferenceFileError(f"{where}: text: a penalty belongs in `penalty`")
        letters = ref.get("letters") or []
        if any(kind not in kinds for kind in letters):
            raise ReferenceFileError(f"{where}: letters: unknown kind in {letters}")
        categories = ref.get("categories") or []
        if any(category not in known for category in categories):
            raise ReferenceFileError(f"{where}: categories: unknown category in {categories}")
        rows.append(
            {
                "jurisdiction": jurisdiction,
                "key": str(ref["key"]),
                "title": str(ref["title"]).strip(),
                "text": str(ref["text"]).strip(),
                "penalty": str(ref.get("penalty") or "").strip(),
                "source": str(ref["source"]).strip(),
                "effective_from": ref["effective_from"],
                "verify": bool(ref.get("verify", False)),
                "letters": list(letters),
                "categories": list(categories),
                "order": order,
            }
        )
    return rows


def load_references(
    model: Any = None, *, update: bool = False, path: Path | None = None
) -> LoadResult:
    """Add the file's references that are not in the table (all of them with `update`).

    `model` is the LegalReference class, or its historical version in a data migration (which
    may lack fields added later: only the fields it has are written).
    """
    if model is None:
        from relais.documents.models import LegalReference as model
    known = {f.name for f in model._meta.get_fields()}
    created = updated = kept = 0
    for row in read_file(path):
        values = {field: row[field] for field in FIELDS if field in known}
        found = model.objects.filter(jurisdiction=row["jurisdiction"], key=row["key"]).first()
        if found is None:
            model.objects.create(jurisdiction=row["jurisdiction"], key=row["key"], **values)
            created += 1
        elif update:
            for field, value in values.items():
                setattr(found, field, value)
            found.save()
            updated += 1
        else:
            kept += 1
    return LoadResult(created, updated, kept)


def set_categories(model: Any, path: Path | None = None) -> None:
    """Give the existing rows the categories the file ships (a data migration's step: the field
    is new, so no administrator's correction is lost)."""
    for row in read_file(path):
        model.objects.filter(jurisdiction=row["jurisdiction"], key=row["key"]).update(
            categories=row["categories"]
        )


def cites(reference: Any, kind: str, categories: list[str] | None) -> bool:
    """Whether a letter of this kind cites the reference for an alert with these categories
    (None: whatever the categories, as the parents' leaflet, which is general information)."""
    if kind not in (reference.letters or []):
        return False
    wanted = reference.categories or []
    return categories is None or not wanted or bool(set(wanted) & set(categories))


def references_for(jurisdiction: str, kind: str, categories: list[str] | None = None) -> list[Any]:
    """The references a letter cites, in the administrators' order, read fresh each time: with
    `categories`, only those that qualify what the alert reported (or that apply to any)."""
    from relais.documents.models import LegalReference

    rows = LegalReference.objects.filter(jurisdiction=jurisdiction).order_by("order", "key")
    # JSON containment is not portable to SQLite: the lists are short, filter here.
    return [ref for ref in rows if cites(ref, kind, categories)]
