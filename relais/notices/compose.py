"""Reads for composing a notice: the draft from the jurisdiction's texts, the redaction check, and
the e-mail bodies (the acknowledgment link stays a placeholder until the outbox sends)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.template.loader import render_to_string
from django.utils import timezone

from relais.alerts.models import Alert
from relais.documents.legal import references_for
from relais.documents.models import NOTICE
from relais.notices import details, redaction
from relais.notices.models import (
    RECEIPT_DAYS,
    AttemptOutcome,
    Notice,
    OutboxAttempt,
    OutboxKind,
)
from relais.notices.outbox import ACK_DUE, ACK_EXPIRES, ACK_URL, ESCALATION_DUE
from relais.notices.texts import Texts, long_date, month_year, texts_for


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

    @property
    def names_a_class(self) -> bool:
        return any(finding.kind == "class" for finding in self.findings)


def _place(alert: Alert) -> str:
    school = alert.school
    return f"{school.name}, {school.city}" if school.city else school.name


def _organisation(alert: Alert) -> str:
    return alert.organisation.name if alert.organisation_id and alert.organisation else "Relais"


def draft_for(alert: Alert) -> tuple[str, str]:
    """Subject and text of a new notice, from the template of the school's jurisdiction."""
    texts = texts_for(alert.school.jurisdiction)
    labels = texts.labels(alert.categories) or texts.labels(["harcelement"])
    if alert.started_on:
        period = f"depuis {month_year(alert.started_on)}"
    else:
        period = f"signalée en {month_year(timezone.localtime(alert.created_at).date())}"
    return texts.render(
        "notice",
        school=alert.school.name,
        city=alert.school.city,
        place=_place(alert),
        labels=", ".join(labels),
        situation=texts.situation(alert.categories),
        urgent=texts.urgent if alert.immediate_danger else "",
        danger=texts.danger_paragraph if alert.immediate_danger else "",
        period=period,
        organisation=_organisation(alert),
        obligations=obligations(alert),
    )


def obligations(alert: Alert) -> str:
    """The law the notice cites, read fresh from the table administrators correct (the rows
    marked `notice` that apply to the alert's categories): one paragraph each."""
    references = references_for(alert.school.jurisdiction, NOTICE, alert.categories)
    return "\n\n".join(
        f"{ref.title} (en vigueur depuis le {long_date(ref.effective_from)}) : {ref.text}"
        for ref in references
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


def _found(alert: Alert, text: str) -> list[redaction.Finding]:
    """What identifies someone in ``text``: the alert's identifiers, and any school class."""
    found = redaction.findings(text, alert_identifiers(alert))
    return found + details.classes(text, class_grade=alert.class_grade)


def not_names(alert: Alert) -> list[str]:
    """Texts whose words are not names in this alert's notice: the school's, the template's."""
    school = alert.school
    return [school.name, school.city, school.authority, _organisation(alert), *draft_for(alert)]


def check_notice(
    alert: Alert, subject: str, body: str, *, confirmed: Iterable[str] = (), facts: str = ""
) -> Check:
    """The redaction check of a text bound for the school (its subject, text and ``facts``);
    ``confirmed``: words the case worker confirmed are not names."""
    text = f"{subject}\n{facts}\n{body}" if facts else f"{subject}\n{body}"
    found = _found(alert, text)
    blocking, asked = redaction.split_findings(found, confirmed)
    return Check(
        findings=blocking,
        warnings=details.warnings(text, class_grade=alert.class_grade),
        possible=asked
        + redaction.possible_names(text, found, ignore=not_names(alert), confirmed=confirmed),
    )


def _ack_paragraph(alert: Alert) -> str:
    texts = texts_for(alert.school.jurisdiction)
    return texts.ack_paragraph.replace("$expires_on", ACK_EXPIRES).replace(
        "$receipt_days", str(RECEIPT_DAYS)
    )


def _deadlines_paragraph(alert: Alert) -> str:
    """The 7- and 14-day deadlines; their dates are filled in when the e-mail leaves."""
    texts = texts_for(alert.school.jurisdiction)
    return (
        texts.deadlines_paragraph.replace("$ack_days", str(texts.ack_days))
        .replace("$escalation_days", str(texts.escalation_days))
        .replace("$ack_due", ACK_DUE)
        .replace("$escalation_due", ESCALATION_DUE)
        .replace("$authority", _authority(alert, texts))
    )


def _authority(alert: Alert, texts: Texts) -> str:
    return alert.school.authority or texts.authority_default


def deadline_dates(notice: Notice) -> tuple[datetime, datetime]:
    """When the acknowledgment is due and when the authority may be told, as the notice's
    e-mail said: counted from the attempt that the mail server accepted (outbox.fill)."""
    texts = texts_for(notice.jurisdiction)
    started = (
        OutboxAttempt.objects.filter(
            message__notice=notice,
            message__kind=OutboxKind.NOTICE,
            outcome=AttemptOutcome.ACCEPTED,
        )
        .order_by("-number")
        .values_list("started_at", flat=True)
        .first()
    )
    base = started or notice.sent_at or timezone.now()
    return base + timedelta(days=texts.ack_days), base + timedelta(days=texts.escalation_days)


def contact_lines(alert: Alert) -> list[str]:
    """How the school reaches the organisation: the signature of every e-mail it gets."""
    organisation = alert.organisation
    if organisation is None:
        return []
    lines = [organisation.name, *organisation.address.splitlines()]
    lines += [organisation.email, organisation.phone, organisation.website]
    return [line.strip() for line in lines if line.strip()]


def sender(alert: Alert) -> tuple[str, str]:
    """(the From display name, the Reply-To address): the organisation, which a school can
    answer; the From address stays the installation's, which its mail server may send for."""
    name = f"{_organisation(alert)} (Relais)"
    return name, alert.organisation.email if alert.organisation else ""


def _common(notice: Notice) -> dict[str, object]:
    alert = notice.alert
    return {
        "organisation": _organisation(alert),
        "contact": contact_lines(alert),
        "reference": notice_reference(notice),
    }


def notice_email(notice: Notice) -> tuple[str, str]:
    context = {
        **_common(notice),
        "subject": notice.subject,
        "text": notice.body,
        "facts": notice.facts,
        "deadlines_paragraph": _deadlines_paragraph(notice.alert),
        "ack_paragraph": _ack_paragraph(notice.alert),
        "ack_url": ACK_URL,
    }
    return _render("notice", context)


def quoted_notice(notice: Notice, texts: Texts) -> str:
    """The notice as the school received it, quoted ("> ") under a reminder."""
    lines = [notice.subject, "", notice.body]
    if notice.facts:
        lines += ["", "Les faits signalés :", notice.facts]
    quoted = "\n".join(lines).splitlines()
    heading = f"Notre message du {_sent_on(notice, texts)} :"
    return heading + "\n" + "\n".join(f"> {line}".rstrip() for line in quoted)


def _follow_up_email(notice: Notice, kind: str, *, with_link: bool) -> tuple[str, str]:
    """A reminder to the school or an escalation to its authority, from the jurisdiction's text."""
    alert = notice.alert
    texts = texts_for(alert.school.jurisdiction)
    ack_due, escalation_due = deadline_dates(notice)
    subject, text = texts.render(
        kind,
        school=alert.school.name,
        place=_place(alert),
        organisation=_organisation(alert),
        sent_on=_sent_on(notice, texts),
        situation=texts.situation(alert.categories),
        notice_subject=notice.subject,
        ack_due=texts.when(ack_due),
        escalation_due=texts.when(escalation_due),
        authority=_authority(alert, texts),
    )
    context: dict[str, object] = {**_common(notice), "subject": subject, "text": text}
    if with_link:  # the authority gets no acknowledgment link: only the school acknowledges
        # The reminder quotes the notice: a head who lost it reads what to acknowledge.
        context.update(
            ack_paragraph=_ack_paragraph(alert), ack_url=ACK_URL, quote=quoted_notice(notice, texts)
        )
    return redact_follow_up(notice, *_render(kind, context), template=[subject, text])


def redact_follow_up(
    notice: Notice, subject: str, body: str, *, template: Iterable[str] = ()
) -> tuple[str, str]:
    """Reminders and escalations leave without anyone reading them: what the redaction check
    finds in them is masked. The words of their own ``template`` are not names; the words of the
    notice are not either when it left without an override (every possible name in it was then
    confirmed by the case worker)."""
    alert = notice.alert
    known = [*not_names(alert), *template, notice_reference(notice), *contact_lines(alert)]
    if not notice.override_reason:
        known += [notice.subject, notice.body, notice.facts]
    text = f"{subject}\n{body}"
    found = _found(alert, text)
    blocking, asked = redaction.split_findings(found, known)
    items = blocking + asked + redaction.possible_names(text, found, ignore=known)
    return redaction.mask(subject, items)[0], redaction.mask(body, items)[0]


def reminder_email(notice: Notice) -> tuple[str, str]:
    return _follow_up_email(notice, "reminder", with_link=True)


def escalation_email(notice: Notice) -> tuple[str, str]:
    return _follow_up_email(notice, "escalation", with_link=False)


def notice_reference(notice: Notice) -> str:
    """The alert's reference: the one the staff pages, the documents and the ack page show."""
    return notice.alert.reference


def _sent_on(notice: Notice, texts: Texts) -> str:
    return texts.when(notice.sent_at or timezone.now())


def _render(name: str, context: dict[str, object]) -> tuple[str, str]:
    subject = render_to_string(f"notices/emails/{name}-subject.txt", context)
    body = render_to_string(f"notices/emails/{name}-body.txt", context)
    return " ".join(subject.split()), body.strip() + "\n"
