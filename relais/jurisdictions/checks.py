"""Start-up validation of every pack, all its files.

It lives apart from `packs` because the notices' texts and the legal references read their files
through `packs`: validating them from there would make the two import each other.
"""

from __future__ import annotations

from relais.documents.legal import ReferenceFileError, read_file
from relais.jurisdictions.packs import PackError, all_packs
from relais.notices.texts import TextsError, all_texts


def validate_all() -> None:
    """Load every part of every pack, as start-up does: raises PackError naming file and key."""
    all_packs()
    try:
        all_texts()
        read_file()
    except (TextsError, ReferenceFileError) as error:
        raise PackError(str(error)) from None
