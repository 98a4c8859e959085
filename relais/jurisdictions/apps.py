from django.apps import AppConfig


class JurisdictionsConfig(AppConfig):
    name = "relais.jurisdictions"
    label = "jurisdictions"

    def ready(self) -> None:
        # Validate every pack at start-up: a broken YAML file must stop the deploy, not a reporter.
        from relais.jurisdictions.packs import all_packs

        all_packs()
