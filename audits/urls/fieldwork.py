"""URLs for conversations, theme findings, recommendations, learning actions and concerns."""

from django.urls import path

from ..views import fieldwork as views

urlpatterns = [
    path(
        "visits/<int:visit_pk>/conversations/",
        views.conversation_list,
        name="conversation-list",
    ),
    path(
        "visits/<int:visit_pk>/conversations/add/",
        views.conversation_create,
        name="conversation-create",
    ),
    path(
        "visits/<int:visit_pk>/conversations/<int:pk>/",
        views.conversation_edit,
        name="conversation-edit",
    ),
    path(
        "visits/<int:visit_pk>/conversations/<int:pk>/delete/",
        views.conversation_delete,
        name="conversation-delete",
    ),
    path("visits/<int:visit_pk>/findings/", views.themefinding_list, name="themefinding-list"),
    path(
        "visits/<int:visit_pk>/findings/<slug:theme_key>/",
        views.themefinding_edit,
        name="themefinding-edit",
    ),
    path(
        "visits/<int:visit_pk>/recommendations/",
        views.recommendation_list,
        name="recommendation-list",
    ),
    path(
        "visits/<int:visit_pk>/recommendations/add/",
        views.recommendation_create,
        name="recommendation-create",
    ),
    path(
        "visits/<int:visit_pk>/recommendations/<int:pk>/",
        views.recommendation_edit,
        name="recommendation-edit",
    ),
    path(
        "visits/<int:visit_pk>/recommendations/<int:pk>/delete/",
        views.recommendation_delete,
        name="recommendation-delete",
    ),
    path("visits/<int:visit_pk>/concerns/", views.concern_visit_list, name="concern-visit-list"),
    path("visits/<int:visit_pk>/concerns/raise/", views.concern_raise, name="concern-raise"),
    path("concerns/", views.concern_list, name="concern-list"),
    path("concerns/<int:pk>/", views.concern_detail, name="concern-detail"),
    path("concerns/<int:pk>/acknowledge/", views.concern_acknowledge, name="concern-acknowledge"),
    path("concerns/<int:pk>/close/", views.concern_close, name="concern-close"),
    path("learning-actions/add/", views.learningaction_create, name="learningaction-create"),
    path("learning-actions/<int:pk>/", views.learningaction_edit, name="learningaction-edit"),
]
