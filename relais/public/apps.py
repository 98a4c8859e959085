from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "relais.public"
    label = "public"
