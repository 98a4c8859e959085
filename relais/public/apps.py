from django.apps import AppConfig
from django.urls import register_converter


class PublicConfig(AppConfig):
    name = "relais.public"
    label = "public"

    def ready(self) -> None:
        # Registered here rather than in urls.py: the documents' URLs, included before ours,
        # use it too.
        from relais.public.converters import DocumentKindConverter

        register_converter(DocumentKindConverter, "dockind")
