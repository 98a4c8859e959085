"""Receipt codes: the reporter's only key to their mailbox.

A receipt is 20 symbols of Crockford's base32 (100 bits from the operating system's CSPRNG),
shown in five groups of four: ``7KQM-3XR9-HT2W-B6CN-P4DZ``. The alphabet has no I, L, O or U,
and reading is forgiving: case, spaces and dashes are ignored, O is read as 0, I and L as 1. So a
child copying it by hand onto paper makes few mistakes, and most mistakes still open the mailbox.

The server stores only ``HMAC-SHA256(RECEIPT_KEY, receipt)``. At 100 bits of entropy a fast keyed
hash is enough: nobody can enumerate the space, and without the server-side key a stolen
database does not even allow an offline guess.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 20
GROUP = 4
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


class InvalidReceipt(ValueError):
    """The text cannot be a receipt; ``reason`` says why in words a reporter understands."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def new_receipt() -> str:
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(symbols[i : i + GROUP] for i in range(0, LENGTH, GROUP))


def normalise(text: str) -> str:
    """The canonical form of what a reporter typed, or InvalidReceipt with the reason."""
    from django.utils.translation import gettext as _

    compact = "".join(text.split()).replace("-", "").upper().translate(_READ_AS)
    wrong = sorted({c for c in compact if c not in ALPHABET})
    if wrong:
        raise InvalidReceipt(
            _("A receipt only contains digits and letters; this one contains: %(chars)s")
            % {"chars": " ".join(wrong)}
        )
    if len(compact) != LENGTH:
        raise InvalidReceipt(
            _(
                "A receipt has %(expected)d characters; this one has %(count)d. Check that "
                "nothing is missing."
            )
            % {"expected": LENGTH, "count": len(compact)}
        )
    return compact


def receipt_digest(receipt: str) -> str:
    """The keyed derivation stored in place of the receipt (input must be normalised)."""
    return hmac.new(settings.RECEIPT_KEY.encode(), receipt.encode(), hashlib.sha256).hexdigest()
