from django.urls import path

from . import views, views_security

app_name = "authorities"
urlpatterns = [
    path("councils/", views.authority_list, name="authority-list"),
    path("councils/add/", views.authority_create, name="authority-create"),
    path("councils/<slug:slug>/change/", views.authority_edit, name="authority-edit"),
    path("people/", views.person_list, name="person-list"),
    path("people/add/", views.person_create, name="person-create"),
    path("people/<int:pk>/change/", views.person_edit, name="person-edit"),
    path("people/<int:pk>/reset-mfa/", views_security.person_reset_mfa, name="person-reset-mfa"),
    path("security-events/", views_security.security_event_list, name="security-event-list"),
]
