from django.urls import path

from . import letter_views, receipt_slip, reply_views
from . import staff_views as views

urlpatterns = [
    path("applications/", views.queue, name="applications"),
    path("applications/overview/", views.overview, name="applications_overview"),
    path("applications/new/", views.register, name="application_register"),
    path(
        "applications/letter-settings/", letter_views.letter_settings_page, name="application_letter_settings"
    ),
    path(
        "applications/same-information/", reply_views.same_information, name="applications_same_information"
    ),
    path("applications/<int:pk>/", views.case, name="application"),
    path("applications/<int:pk>/published/", reply_views.choose_published, name="application_published"),
    path("applications/<int:pk>/slip/", receipt_slip.slip, name="application_slip"),
    path("applications/<int:pk>/slip.pdf", receipt_slip.slip_pdf, name="application_slip_pdf"),
    path(
        "applications/<int:pk>/slip/handed-over/", receipt_slip.slip_handed_over, name="application_slip_done"
    ),
    path("applications/<int:pk>/letter/<slug:step>/", views.letter, name="application_letter"),
    path("applications/<int:pk>/letter.<str:kind>", views.letter_file, name="application_letter_file"),
    path(
        "applications/<int:pk>/notices/<int:notice>.<str:kind>",
        letter_views.notice_file,
        name="application_notice_file",
    ),
    path("applications/<int:pk>/<slug:action>/", views.act, name="application_act"),
]
