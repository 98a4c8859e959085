from django.urls import URLPattern, URLResolver, re_path

from relais.api.api import api
from relais.api.views import unknown_path

app_name = "api"
urlpatterns: list[URLPattern | URLResolver] = [
    *api.urls[0],
    # Anything else under /api/v1/ answers in the error shape, not with an HTML page.
    re_path(r"^.*$", unknown_path, name="unknown"),
]
