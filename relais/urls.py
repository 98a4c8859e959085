from django.urls import include, path
from django.views.i18n import set_language

from relais.staff.admin_site import admin_site

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include("relais.api.urls")),
    path("staff/notices/", include("relais.notices.urls")),
    path("staff/evidence/", include("relais.evidence.urls")),
    path("staff/documents/", include("relais.documents.urls")),
    path("staff/", include("relais.staff.urls")),
    path("ack/", include("relais.notices.ack_urls")),
    path("admin/", admin_site.urls),
    # Every reporter page (the alert form and the mailbox), under neutral paths.
    path("", include("relais.public.urls")),
]
