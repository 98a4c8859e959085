"""Link captures and the refusal of sexual images of minors: validation and data, no models.

A link capture records content that must stay online (URL, when it was seen, a note). Sexual
images of minors are never uploaded: the form gives `csam_refusal(jurisdiction)` (why, and where
to report) and records only the link, checked by `validate_link`.
"""

from __future__ import annotations

import ipaddress
import re
from typing import TypedDict
from urllib.parse import SplitResult, urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from relais.jurisdictions.packs import all_packs

MAX_URL_LENGTH = 2048
_FORBIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_HOST = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9-]{1,63}$")


def validate_link(url: str) -> str:
    """Return the URL (scheme and host in lower case) or raise ValidationError.

    Only http and https; no user name or password in it (they leak secrets and disguise the real
    host: https://bank.example@evil.example/); at most MAX_URL_LENGTH characters; no spaces or
    invisible characters.
    """
    url = url.strip()
    if not url:
        raise ValidationError(_("Enter the address of the page."), code="required")
    if len(url) > MAX_URL_LENGTH:
        raise ValidationError(_("This address is too long."), code="length")
    if _FORBIDDEN.search(url):
        raise ValidationError(
            _("This address contains spaces or invisible characters."), code="space"
        )
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise ValidationError(_("This is not a valid web address."), code="invalid") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise ValidationError(_("Only http:// and https:// addresses are accepted."), code="scheme")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise ValidationError(
            _("Remove the user name or password from the address."), code="credentials"
        )
    host = (parts.hostname or "").rstrip(".")
    if _is_ip(host):
        return _rebuild(parts, f"[{host}]" if ":" in host else host, port)
    try:
        ascii_host = host.encode("idna").decode("ascii").lower() if host else ""
    except UnicodeError as exc:
        raise ValidationError(_("This is not a valid web address."), code="invalid") from exc
    if not _HOST.match(ascii_host):
        raise ValidationError(_("This is not a valid web address."), code="invalid")
    return _rebuild(parts, host.lower(), port)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _rebuild(parts: SplitResult, host: str, port: int | None) -> str:
    netloc = host if port is None else f"{host}:{port}"
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, parts.query, parts.fragment))


class ReportLine(TypedDict):
    name: str
    url: str


class Refusal(TypedDict):
    reason: str | Promise
    where_to_report: list[ReportLine]


def csam_refusal(jurisdiction: str) -> Refusal:
    """Why a sexual image of a minor is refused and where to report it (all lines if unknown):
    the official services are the jurisdiction pack's `csam_report`."""
    packs = all_packs()
    # Unknown: every pack's lines, in the packs' order (their `order`: France first).
    chosen = [jurisdiction] if jurisdiction in packs else list(packs)
    lines = [{"name": name, "url": url} for code in chosen for name, url in packs[code].csam_report]
    return {
        "reason": _(
            "Sexual images of minors are never uploaded here: keeping or sending them is a crime, "
            "even as evidence, and every copy hurts the child again. Do not download or share "
            "them. Report them to the service below, which can have them removed and inform the "
            "police. Only the address of the page is recorded here."
        ),
        "where_to_report": [ReportLine(name=line["name"], url=line["url"]) for line in lines],
    }
