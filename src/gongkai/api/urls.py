from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import docs, views, write_views

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", docs.docs_page, name="docs"),
    path("agencies/", views.AgencyList.as_view(), name="agencies"),
    path("agencies/<int:pk>/", views.AgencyDetail.as_view(), name="agency"),
    path("documents/", views.DocumentList.as_view(), name="documents"),
    path("documents/<int:pk>/", views.DocumentDetail.as_view(), name="document"),
    path("search/", views.Search.as_view(), name="search"),
    path("annual-reports/", views.AnnualReportList.as_view(), name="annual-reports"),
    path("annual-reports/<int:pk>/", views.AnnualReportDetail.as_view(), name="annual-report"),
    path("collected-reports/", views.CollectedReportList.as_view(), name="collected-reports"),
    path("collected-reports/<int:pk>/", views.CollectedReportDetail.as_view(), name="collected-report"),
    path("interaction/replies/", views.ReplyList.as_view(), name="replies"),
    path("interaction/replies/<int:pk>/", views.ReplyDetail.as_view(), name="reply"),
    path("figures/", views.Figures.as_view(), name="figures"),
    # The write API (a token of the agency): drafts and applications received elsewhere.
    path("drafts/", write_views.DraftCreate.as_view(), name="drafts"),
    path("drafts/<int:pk>/attachments/", write_views.DraftAttachments.as_view(), name="draft-attachments"),
    path("applications/", write_views.ApplicationCreate.as_view(), name="applications"),
]
