from django.urls import include, path
from django.views.i18n import set_language

from relais.evidence import urls as vault_urls
from relais.staff.admin_site import admin_site
from relais.timeline import urls as timeline_urls

# The vault's and the timeline's staff pages: one prefix, one namespace ("evidence:timeline"),
# as before the timeline became an app of its own.
evidence = (vault_urls.urlpatterns + timeline_urls.urlpatterns, vault_urls.app_name)

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include("relais.api.urls")),
    path("staff/notices/", include("relais.notices.urls")),
    path("staff/evidence/", include(evidence)),
    path("staff/documents/", include("relais.documents.urls")),
    path("staff/", include("relais.staff.urls")),
    path("ack/", include("relais.notices.ack_urls")),
    # The school's side (issue 12): its cases, the relays' referrals, joining a school's team.
    path("school/", include("relais.cases.urls")),
    path("relay/", include("relais.cases.relay_urls")),
    path("join/", include("relais.accounts.urls")),
    path("admin/", admin_site.urls),
    # Every reporter page (the alert form and the mailbox), under neutral paths.
    path("", include("relais.public.urls")),
]

# A signed-in account gets its 404 in the staff frame; everyone else the reporters' page.
handler404 = "relais.staff.not_found.page_not_found"
