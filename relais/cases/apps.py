from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "relais.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        # A referral's e-mail gets its link at each sending attempt, as a notice's does: the
        # outbox calls relais.cases.referral_mail.mint (no usable token is ever stored).
        from relais.cases import referral_mail
        from relais.notices import outbox
        from relais.notices.models import OutboxKind

        outbox.register_link_minter(OutboxKind.REFERRAL, referral_mail.mint)
        # A case's escalation concerns no notice: what its outcome means is ours to record.
        from relais.cases import escalation_delivery
        from relais.notices import effects

        effects.register_outcome(OutboxKind.ESCALATION, escalation_delivery.record_outcome)
