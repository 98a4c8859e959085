from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "relais.staff"
    label = "staff"
