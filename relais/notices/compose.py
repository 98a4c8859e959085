"""Reads for composing a notice: the draft from the jurisdiction's texts, the redaction check, and
the e-mail bodies (the acknowledgment link stays a placeholder until the outbox sends)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone

from relais.alerts.models import Alert, Category
from relais.notices import redaction
from relais.notices.models import Notice
from relais.notices.outbox import ACK_EXPIRES, ACK_URL
from relais.notices.texts import long_date, month_year, texts_for


@dataclass(frozen=True)
class Check:
    findings: list[redaction.Finding]
    warnings: list[redaction.Warning]
    # Names the recogniser sees in the text that the alert did not give; each blocks until the
    # case worker removes it or confirms it is not a name.
    possible: list[redaction.Finding] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return bool(self.findings or self.possible)


def _join(words: list[str]) -> str:
    """French enumeration: "a", "a et b", "a, b et c"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " et " + words[-1]


def _place(alert: Alert) -> str:
    school = alert.school
    return f"{school.name}, {school.city}" if school.city else school.name


def _organisation(alert: Alert) -> str:
    return alert.organisation.name if alert.organisation_id and alert.organisation else "Relais"


def draft_for(alert: Alert) -> tuple[str, str]:
    """Subject and text of a new notice, from the template of the school's jurisdiction."""
    texts = texts_for(alert.school.jurisdiction)
    order = {value: index for index, value in enumerate(Category.values)}
    ordered = sorted(alert.categories, key=lambda c: order.get(c, len(order)))
    categories = _join([texts.categories.get(c, c) for c in ordered]) or "harcèlement"
    if alert.started_on:
        period = f"depuis {month_year(alert.started_on)}"
    else:
        period = f"signalée en {month_year(timezone.localtime(alert.created_at).date())}"
    return texts.render(
        "notice",
        school=alert.school.name,
        city=alert.school.city,
        place=_place(alert),
        categories=categories,
        period=period,
        organisation=_organisation(alert),
    )


def alert_identifiers(alert: Alert) -> list[redaction.Finding]:
    """What identifies someone in the alert and every message of its thread."""
    texts = [alert.description, alert.class_grade, alert.reporter_contact]
    texts += list(alert.messages.values_list("body", flat=True))
    school = alert.school
    return redaction.identifiers(
        texts,
        people=[alert.reporter_name],
        ignore=[school.name, school.city, school.authority, _organisation(alert)],
    )


def not_names(alert: Alert) -> list[str]:
    """Texts whose words are not names in this alert's notice: the school's, the template's."""
    school = alert.school
    return [school.name, school.city, school.authority, _organisation(alert), *draft_for(alert)]


def check_notice(alert: Alert, subject: str, body: str, *, confirmed: Iterable[str] = ()) -> Check:
    """The redaction check of a text bound for the school; ``confirmed``: words the case worker
    confirmed are not names."""
    text = f"{subject}\n{body}"
    found = redaction.findings(text, alert_identifiers(alert))
    return Check(
        findings=found,
        warnings=redaction.warnings(text, class_grade=alert.class_grade),
        possible=redaction.possible_names(
            text, found, ignore=not_names(alert), confirmed=confirmed
        ),
    )


def _ack_paragraph(alert: Alert) -> str:
    texts = texts_for(alert.school.jurisdiction)
    return texts.ack_paragraph.replace("$expires_on", ACK_EXPIRES)


def notice_email(notice: Notice) -> tuple[str, str]:
    context = {
        "subject": notice.subject,
        "text": notice.body,
        "ack_paragraph": _ack_paragraph(notice.alert),
        "ack_url": ACK_URL,
        "organisation": _organisation(notice.alert),
        "reference": notice_reference(notice),
    }
    return _render("notice", context)


def _follow_up_email(notice: Notice, kind: str, *, with_link: bool) -> tuple[str, str]:
    """A reminder to the school or an escalation to its authority, from the jurisdiction's text."""
    alert = notice.alert
    subject, text = texts_for(alert.school.jurisdiction).render(
        kind,
        school=alert.school.name,
        place=_place(alert),
        organisation=_organisation(alert),
        sent_on=_sent_on(notice),
    )
    context = {
        "subject": subject,
        "text": text,
        "organisation": _organisation(alert),
        "reference": notice_reference(notice),
    }
    if with_link:  # the authority gets no acknowledgment link: only the school acknowledges
        context.update(ack_paragraph=_ack_paragraph(alert), ack_url=ACK_URL)
    return redact_follow_up(notice, *_render(kind, context), template=[subject, text])


def redact_follow_up(
    notice: Notice, subject: str, body: str, *, template: Iterable[str] = ()
) -> tuple[str, str]:
    """Reminders and escalations leave without anyone reading them: what the redaction check
    finds in them is masked. The words of their own ``template`` are not names; the words of the
    notice are not either when it left without an override (every possible name in it was then
    confirmed by the case worker)."""
    alert = notice.alert
    known = [*not_names(alert), *template, notice_reference(notice)]
    if not notice.override_reason:
        known += [notice.subject, notice.body]
    text = f"{subject}\n{body}"
    found = redaction.findings(text, alert_identifiers(alert))
    items = found + redaction.possible_names(text, found, ignore=known)
    return redaction.mask(subject, items)[0], redaction.mask(body, items)[0]


def reminder_email(notice: Notice) -> tuple[str, str]:
    return _follow_up_email(notice, "reminder", with_link=True)


def escalation_email(notice: Notice) -> tuple[str, str]:
    return _follow_up_email(notice, "escalation", with_link=False)


def notice_reference(notice: Notice) -> str:
    return str(notice.pk)[:8].upper()


def _sent_on(notice: Notice) -> str:
    sent: date = timezone.localtime(notice.sent_at or timezone.now()).date()
    return long_date(sent)


def _render(name: str, context: dict[str, str]) -> tuple[str, str]:
    subject = render_to_string(f"notices/emails/{name}-subject.txt", context)
    body = render_to_string(f"notices/emails/{name}-body.txt", context)
    return " ".join(subject.split()), body.strip() + "\n"
