from django.contrib import admin
from django.urls import include, path

from gongkai.core.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("staff/", include("gongkai.core.staff_urls")),
    path("api/v1/", include("gongkai.api.urls")),
    path("opendata/", include("gongkai.api.opendata_urls")),
    path("feeds/", include("gongkai.api.feed_urls")),
    path("", include("gongkai.search.urls")),
    path("", include("gongkai.applications.portal_urls")),
    path("", include("gongkai.delivery.portal_urls")),
    path("", include("gongkai.interaction.portal_urls")),
    path("", include("gongkai.portal.urls")),
]

# Uploaded files are never served from MEDIA_URL: attachments and letters go through views that
# check publication or the applicant's code.

handler400 = "gongkai.portal.errors.bad_request"
handler404 = "gongkai.portal.errors.page_not_found"
handler403 = "gongkai.portal.errors.permission_denied"
# A database failure outside a view (saving the session) is answered like one inside it (503,
# Chinese): gongkai.portal.errors.server_error hands that case to gongkai.core.middleware.
handler500 = "gongkai.portal.errors.server_error"
