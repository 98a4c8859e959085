"""Forms of joining a school's team and of its team page. No form takes an e-mail address: an
invitation goes to the school's official address only (relais.accounts.invitations)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from relais.accounts.models import Role


def _password_rules() -> str:
    # Django's validators' own words (in the reader's language), as plain text for the help.
    return " ".join(password_validators_help_texts())


class JoinForm(forms.Form):
    t = forms.CharField(widget=forms.HiddenInput, max_length=100)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only. You sign in with it."),
        error_messages={"required": _("Choose a username.")},
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        help_text=lazy(_password_rules, str)(),
        error_messages={"required": _("Choose a password.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("The same password again"),
        strip=False,
        error_messages={"required": _("Type the password a second time.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, again = data.get("password"), data.get("password_again")
        if first and again and first != again:
            self.add_error("password_again", _("The two passwords differ. Type them again."))
        return data


class InviteForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Their role"),
        choices=[(Role.DIRECTION, Role.DIRECTION.label), (Role.EDUCATOR, Role.EDUCATOR.label)],
        widget=forms.RadioSelect,
        initial=Role.EDUCATOR,
        help_text=_(
            "The direction reads pupils' real names and manages the team; an educator "
            "follows the cases."
        ),
        error_messages={
            "required": _("Choose their role."),
            "invalid_choice": _("Choose direction or educator."),
        },
    )
