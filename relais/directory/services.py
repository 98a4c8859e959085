"""Writing the directory of services: loading a YAML list, upserting by area and name."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from relais.directory.models import Service
from relais.jurisdictions.packs import all_packs

FIELDS = ("kind", "phone", "email", "offers", "jurisdiction")


class DirectoryFileError(ValueError):
    """The YAML file is unreadable or an entry is invalid; nothing was written."""


@dataclass
class DirectoryReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        return f"added {self.added} / updated {self.updated} / unchanged {self.unchanged}"


def read_directory_file(path: str | Path) -> list[Service]:
    """Parse and validate a directory file into unsaved services (area and jurisdiction may be
    given once at the top and apply to every entry)."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise DirectoryFileError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error}
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("services"), list):
        raise DirectoryFileError(_("%(path)s has no list of services.") % {"path": path})
    services = []
    for number, entry in enumerate(data["services"], start=1):
        services.append(build_service(entry, data, number))
    return services


def build_service(entry: Any, defaults: dict, number: int) -> Service:
    if not isinstance(entry, dict):
        raise DirectoryFileError(_("Service %(n)d is not a mapping.") % {"n": number})
    values = {
        "area": entry.get("area", defaults.get("area", "")),
        "jurisdiction": entry.get("jurisdiction", defaults.get("jurisdiction", "")),
    }
    values.update({k: entry.get(k, "") for k in ("name", *FIELDS) if k != "jurisdiction"})
    service = Service(**{k: str(v).strip() for k, v in values.items()})
    if service.jurisdiction not in all_packs():
        raise DirectoryFileError(_("Service %(n)d: unknown jurisdiction.") % {"n": number})
    try:
        # Uniqueness is what the upsert relies on, not a reason to refuse.
        service.full_clean(exclude=["id"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise DirectoryFileError(
            _("Service %(n)d (%(name)s): %(errors)s")
            % {"n": number, "name": service.name, "errors": "; ".join(error.messages)}
        ) from None
    return service


def upsert_services(*, services: list[Service]) -> DirectoryReport:
    """Add or update services, matched by area and name; idempotent, in one transaction."""
    report = DirectoryReport()
    with transaction.atomic():
        for service in services:
            current = (
                Service.objects.select_for_update()
                .filter(area=service.area, name=service.name)
                .first()
            )
            if current is None:
                service.save()
                report.added += 1
                continue
            changes = [f for f in FIELDS if getattr(current, f) != getattr(service, f)]
            if not changes:
                report.unchanged += 1
                continue
            for name in changes:
                setattr(current, name, getattr(service, name))
            current.save(update_fields=[*changes, "updated_at"])
            report.updated += 1
    return report


def load_directory_file(*, path: str | Path) -> DirectoryReport:
    """Read a directory YAML file and upsert its services; a bad entry changes nothing."""
    return upsert_services(services=read_directory_file(path))
