from django.urls import path

from . import proposal_views, stats_views
from . import staff_views as views

urlpatterns = [
    path("interaction/", views.queue, name="interaction"),
    path("interaction/boxes/", views.boxes, name="interaction_boxes"),
    path("interaction/boxes/new/", views.box_edit, name="interaction_box_new"),
    path("interaction/boxes/<int:pk>/", views.box_edit, name="interaction_box_edit"),
    path("interaction/stats/", stats_views.stats, name="interaction_stats"),
    path("interaction/hotline/import/", stats_views.hotline_import, name="interaction_hotline_import"),
    path("interaction/hotline/replies.xlsx", stats_views.hotline_export, name="interaction_hotline_export"),
    path("interaction/proposals/", proposal_views.listing, name="interaction_proposals"),
    path("interaction/proposals/new/", proposal_views.register, name="interaction_proposal_new"),
    path("interaction/proposals/<int:pk>/", proposal_views.detail, name="interaction_proposal"),
    path(
        "interaction/proposals/<int:pk>/<slug:action>/", proposal_views.act, name="interaction_proposal_act"
    ),
    path("interaction/<int:pk>/", views.case, name="interaction_case"),
    path("interaction/<int:pk>/files/<int:attachment_id>/", views.attachment, name="interaction_attachment"),
    path("interaction/<int:pk>/<slug:action>/", views.act, name="interaction_act"),
]
