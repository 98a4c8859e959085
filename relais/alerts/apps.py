from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "relais.alerts"
    label = "alerts"
