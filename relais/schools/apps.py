from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "relais.schools"
    label = "schools"
