from django.apps import AppConfig


class ProofsConfig(AppConfig):
    name = "relais.proofs"
    label = "proofs"
