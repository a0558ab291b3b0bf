from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("reports/", views.report_list, name="report-list"),
    path("visits/<int:visit_pk>/report/", views.report_detail, name="report-detail"),
    path("visits/<int:visit_pk>/report/start/", views.report_start, name="report-start"),
    path("visits/<int:visit_pk>/report/compose/", views.report_compose, name="report-compose"),
    path("visits/<int:visit_pk>/report/preview/", views.report_preview, name="report-preview"),
    path("visits/<int:visit_pk>/report/send/", views.report_send, name="report-send"),
    path(
        "visits/<int:visit_pk>/report/accuracy-check/",
        views.report_accuracy_check,
        name="report-accuracy-check",
    ),
    path(
        "visits/<int:visit_pk>/report/comments/<int:pk>/respond/",
        views.comment_respond,
        name="comment-respond",
    ),
    path("visits/<int:visit_pk>/report/issue/", views.report_issue, name="report-issue"),
    path("visits/<int:visit_pk>/report/correct/", views.report_correct, name="report-correct"),
    path(
        "visits/<int:visit_pk>/report/draft.pdf",
        views.draft_download,
        {"file_format": "pdf"},
        name="draft-pdf",
    ),
    path(
        "visits/<int:visit_pk>/report/draft.docx",
        views.draft_download,
        {"file_format": "docx"},
        name="draft-docx",
    ),
    path(
        "visits/<int:visit_pk>/report/versions/<int:version>.pdf",
        views.version_download,
        {"file_format": "pdf"},
        name="version-pdf",
    ),
    path(
        "visits/<int:visit_pk>/report/versions/<int:version>.docx",
        views.version_download,
        {"file_format": "docx"},
        name="version-docx",
    ),
]
