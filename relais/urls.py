from django.urls import include, path
from django.views.i18n import set_language

from relais.documents import mailbox_urls
from relais.staff.admin_site import admin_site

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include("relais.api.urls")),
    path("staff/notices/", include("relais.notices.urls")),
    path("staff/evidence/", include("relais.evidence.urls")),
    path("staff/documents/", include("relais.documents.urls")),
    # Under /my/, the path of the mailbox cookie, with a neutral word (see relais/public/urls.py).
    path("my/papers/", include("relais.documents.mailbox_urls")),
    path("staff/", include("relais.staff.urls")),
    path("ack/", include("relais.notices.ack_urls")),
    path("admin/", admin_site.urls),
    path("", include("relais.public.urls")),
    # The path of earlier versions, for links written down before; no page writes it.
    path("mailbox/documents/", include((mailbox_urls.urlpatterns, "old_mailbox_documents"))),
]
