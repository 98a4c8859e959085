from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "relais.notices"
    label = "notices"
