from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "relais.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # An invitation's link is minted when its e-mail leaves, never stored usable.
        from relais.accounts.invitations import mint_link
        from relais.notices.models import OutboxKind
        from relais.notices.outbox import register_link_minter

        register_link_minter(OutboxKind.INVITATION, mint_link)
