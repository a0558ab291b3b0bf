"""URLs for the host council's improvement plan, and its results since the last audit."""

from django.urls import path

from ..views import improvement as views

urlpatterns = [
    path("visits/<int:visit_pk>/plan/", views.plan_detail, name="plan-detail"),
    path(
        "visits/<int:visit_pk>/since-last-audit/",
        views.visit_since_last,
        name="visit-since-last",
    ),
    path(
        "visits/<int:visit_pk>/plan/recommendations/<int:recommendation_pk>/add/",
        views.plan_action_create,
        name="plan-action-create",
    ),
    path(
        "visits/<int:visit_pk>/plan/actions/<int:pk>/",
        views.plan_action_edit,
        name="plan-action-edit",
    ),
]
