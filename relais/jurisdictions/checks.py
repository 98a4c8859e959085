"""Start-up validation of every pack, all its files.

It lives apart from `packs` because the notices' texts and the legal references read their files
through `packs`: validating them from there would make the two import each other.
"""

from __future__ import annotations

from django.template import TemplateSyntaxError, engines

from relais.documents.legal import ReferenceFileError, read_file
from relais.documents.models import LETTER_KINDS
from relais.jurisdictions.packs import LETTERS, PackError, all_packs, letter_file
from relais.notices.texts import TextsError, all_texts
from relais.protocols.loader import ProtocolError, all_protocols


def validate_all() -> None:
    """Load every part of every pack, as start-up does: raises PackError naming file and key."""
    all_packs()
    try:
        all_texts()
        read_file()
    except (TextsError, ReferenceFileError) as error:
        raise PackError(str(error)) from None
    check_letters()
    try:
        # Every pack's protocols/*.yaml, and each pack's default protocol: a broken protocol stops
        # start-up with its file and every error's line, not a school in the middle of a case.
        all_protocols()
    except ProtocolError as error:
        raise PackError(str(error)) from None


def check_letters() -> None:
    """Every pack has every kind of letter, and each one compiles: a missing or broken letter
    stops start-up instead of failing a family's request."""
    for code in all_packs():
        for kind in LETTER_KINDS:
            path, where = letter_file(code, kind), f"{code}/{LETTERS}/{kind}.html"
            if not path.is_file():
                raise PackError(f"{where}: missing (one template per kind of letter)")
            try:
                engines["django"].from_string(path.read_text(encoding="utf-8"))
            except TemplateSyntaxError as error:
                raise PackError(f"{where}: {error}") from None
