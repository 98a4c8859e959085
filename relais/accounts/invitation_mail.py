"""The invitation e-mail's subject and body, in the language of whoever asked for it.

A school of the directory is French-speaking (FWB, France): the e-mail is French unless the
person who queued it uses Relais in Dutch or English, in which case it is in their language
(the request's, passed by the view as `language`), since they are the one who forwards it.
The link is a stand-in (`INVITE_URL`): the outbox mints it when the e-mail leaves.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from relais.accounts.models import Role
from relais.notices.texts import texts_for

# Stand-in for the link in the stored body; `invitations.mint_link` replaces it at each attempt.
INVITE_URL = "[[relais:invite-url]]"
# The school's language, as the notices and letters: both jurisdictions write French.
DEFAULT_LANGUAGE = "fr"

# The packs' zone words are French ("heure de Bruxelles"); an e-mail in another language names
# the zone in its own words.
ZONE_WORDS = {
    "Europe/Brussels": gettext_lazy("Brussels time"),
    "Europe/Paris": gettext_lazy("Paris time"),
}


def mail_language(language: str | None) -> str:
    """One of Relais's languages, French when none or another is given."""
    code = (language or "").split("-")[0].lower()
    return code if code in dict(settings.LANGUAGES) else DEFAULT_LANGUAGE


def when_in(school: Any, moment: datetime, language: str) -> str:
    """A date and time in the school's own time zone, zone named, in `language`: the notices'
    French words for French, Django's date format for Dutch and English."""
    texts = texts_for(school.jurisdiction)
    if language == DEFAULT_LANGUAGE:
        return texts.when(moment)
    local = moment.astimezone(texts.zone())
    with translation.override(language):
        zone = str(ZONE_WORDS.get(texts.time_zone, texts.time_zone))
        return f"{formats.date_format(local, 'j F Y, H:i')} ({zone})"


def day_in(school: Any, moment: datetime, language: str) -> str:
    """The date alone, in the school's own time zone, in `language`: "3 mars 2025"."""
    local = moment.astimezone(texts_for(school.jurisdiction).zone())
    with translation.override(language):
        return formats.date_format(local, "j F Y")


def compose(
    *,
    school: Any,
    role: str,
    by: Any,
    asked_by: dict[str, str] | None,
    expires: datetime,
    language: str | None = None,
) -> tuple[str, str]:
    """(subject, body) of the invitation e-mail, in `language` (French by default)."""
    language = mail_language(language)
    with translation.override(language):
        values = {
            "school": school.name,
            "role": Role(role).label,
            "expires": when_in(school, expires, language),
        }
        if by is not None:
            lead = _(
                "%(name)s, of the direction of %(school)s, invites a colleague to join the "
                "school's team on Relais, as %(role)s."
            ) % {**values, "name": by.get_full_name() or by.get_username()}
        else:
            lead = _(
                "%(name)s (%(who)s) acknowledged a notice for %(school)s and asked Relais for an "
                "account for the school."
            ) % {
                **values,
                "name": (asked_by or {}).get("name", ""),
                "who": (asked_by or {}).get("role", ""),
            }
        body = "\n\n".join(
            [
                _("Hello,"),
                lead,
                _(
                    "This e-mail goes only to your school's official address in Relais's "
                    "directory. If the account is for someone else, forward it to them."
                ),
                _("This link creates one account (%(role)s); it works once, until %(expires)s:")
                % values,
                INVITE_URL,
                _(
                    "You will choose a username and a password, then set up an authenticator app "
                    "(a 6-digit code at each sign-in): the account cannot be used without it."
                ),
                _(
                    "If nobody at your school asked for this, ignore this e-mail: the link will "
                    "expire unused."
                ),
            ]
        )
        subject = _("Relais: an account for %(school)s") % values
    return subject, body
