from django.apps import AppConfig


class JurisdictionsConfig(AppConfig):
    name = "relais.jurisdictions"
    label = "jurisdictions"

    def ready(self) -> None:
        # Validate every pack at start-up, all its files: a broken YAML file must stop the deploy
        # with its file and key named, not fail later in front of a reporter or a case worker.
        from relais.jurisdictions.checks import validate_all

        validate_all()
