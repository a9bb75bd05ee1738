from django.contrib import admin
from django.urls import include, path

from gongkai.core.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("staff/", include("gongkai.core.staff_urls")),
    path("", include("gongkai.search.urls")),
    path("", include("gongkai.applications.portal_urls")),
    path("", include("gongkai.interaction.portal_urls")),
    path("", include("gongkai.portal.urls")),
]

# Uploaded files are never served from MEDIA_URL: attachments and letters go through views that
# check publication or the applicant's code.

# A database failure outside a view (saving the session) is answered like one inside it (503, Chinese).
handler500 = "gongkai.core.middleware.server_error"
