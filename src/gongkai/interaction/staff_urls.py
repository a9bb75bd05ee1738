from django.urls import path

from . import staff_views as views

urlpatterns = [
    path("interaction/", views.queue, name="interaction"),
    path("interaction/boxes/", views.boxes, name="interaction_boxes"),
    path("interaction/boxes/new/", views.box_edit, name="interaction_box_new"),
    path("interaction/boxes/<int:pk>/", views.box_edit, name="interaction_box_edit"),
    path("interaction/<int:pk>/", views.case, name="interaction_case"),
    path("interaction/<int:pk>/files/<int:attachment_id>/", views.attachment, name="interaction_attachment"),
    path("interaction/<int:pk>/<slug:action>/", views.act, name="interaction_act"),
]
