from django.urls import URLPattern, URLResolver, re_path

from relais.api.api import api
from relais.api.views import json_method_not_allowed, unknown_path

app_name = "api"

urlpatterns: list[URLPattern | URLResolver] = []
for pattern in api.urls[0]:
    if isinstance(pattern, URLPattern):
        # ninja's root view only exists to be reversed; it would raise an HTML 404.
        is_root = pattern.name == "api-root"
        pattern.callback = unknown_path if is_root else json_method_not_allowed(pattern.callback)
    urlpatterns.append(pattern)
# Anything else under /api/v1/ answers in the error shape, not with an HTML page.
urlpatterns.append(re_path(r"^.*$", unknown_path, name="unknown"))
