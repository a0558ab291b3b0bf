"""URLs for visits: the schedule, a visit's page, team, sample, allocation and calendars."""

from django.urls import path

from audits.views import retention
from audits.views import visits as views

urlpatterns = [
    path("visits/", views.visit_list, name="visit-list"),
    path("visits/calendar/", views.visit_calendar, name="visit-calendar"),
    path("visits/add/", views.visit_create, name="visit-create"),
    path("visits/<int:pk>/", views.visit_detail, name="visit-detail"),
    path("visits/<int:pk>/change/", views.visit_edit, name="visit-edit"),
    path("visits/<int:pk>/status/", views.visit_advance, name="visit-advance"),
    path("visits/<int:pk>/calendar.ics", views.visit_ics, name="visit-ics"),
    path("visits/<int:pk>/legal-hold/", retention.legal_hold, name="visit-legal-hold"),
    path("visits/<int:pk>/declaration/", views.declaration_edit, name="declaration-edit"),
    path("visits/<int:pk>/allocate/", views.visit_allocate, name="visit-allocate"),
    path("visits/<int:pk>/cases/add/", views.casefile_add, name="casefile-add"),
    path("visits/<int:pk>/cases/upload/", views.sample_upload, name="casefile-sample-upload"),
    path(
        "visits/<int:pk>/cases/template.csv",
        views.sample_template,
        name="casefile-sample-template",
    ),
    path(
        "visits/<int:pk>/cases/<int:case_pk>/change/",
        views.casefile_edit,
        name="casefile-edit",
    ),
    path(
        "visits/<int:pk>/cases/<int:case_pk>/remove/",
        views.casefile_remove,
        name="casefile-remove",
    ),
    path(
        "visits/<int:pk>/cases/<int:case_pk>/allocation/",
        views.casefile_allocation,
        name="casefile-allocation",
    ),
    path("calendar/", views.calendar_feed_settings, name="calendar-feed-settings"),
    path("calendar/<slug:token>.ics", views.calendar_feed, name="calendar-feed"),
]
