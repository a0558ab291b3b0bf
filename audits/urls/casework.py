"""URLs for the audit domain's casework: case audits, autosave, moderation, double rating."""

from django.urls import path

from ..views import casework as views

CASE = "visits/<int:visit_pk>/cases/<int:case_pk>/"

urlpatterns = [
    path("visits/<int:visit_pk>/cases/", views.visit_progress, name="visit-progress"),
    path(
        "visits/<int:visit_pk>/double-rating/",
        views.visit_calibration,
        name="visit-calibration",
    ),
    path(CASE, views.caseaudit_detail, name="caseaudit-detail"),
    path(
        CASE + "answers/<slug:question_key>/",
        views.answer_save,
        name="answer-save",
    ),
    path(CASE + "judgement/", views.caseaudit_judgement, name="caseaudit-judgement"),
    path(CASE + "judgement/autosave/", views.judgement_save, name="judgement-save"),
    path(CASE + "check/", views.caseaudit_check, name="caseaudit-check"),
    path(CASE + "review/", views.caseaudit_review, name="caseaudit-review"),
    path(CASE + "lock/", views.caseaudit_lock, name="caseaudit-lock"),
    path(CASE + "trail/", views.caseaudit_trail, name="caseaudit-trail"),
    path(CASE + "double-rating/", views.caseaudit_calibration, name="caseaudit-calibration"),
]
