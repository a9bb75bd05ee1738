from django.urls import include, path

app_name = "staff"
urlpatterns = [
    path("", include("gongkai.security.urls")),
    path("", include("gongkai.audit.urls")),
    path("", include("gongkai.workbench.urls")),
    path("", include("gongkai.disclosure.staff_urls")),
    path("", include("gongkai.delivery.staff_urls")),  # before applications' catch-all case action
    path("", include("gongkai.applications.staff_urls")),
    path("", include("gongkai.collected.urls")),
    path("", include("gongkai.appeals.staff_urls")),
    path("", include("gongkai.reports.staff_urls")),
    path("", include("gongkai.sitecheck.urls")),
    path("", include("gongkai.siteimport.urls")),
    path("", include("gongkai.workdays.staff_urls")),
    path("", include("gongkai.interaction.staff_urls")),
    path("", include("gongkai.api.staff_urls")),
]
