"""URLs for the audit tool: versions, editing drafts, export and import, proposals."""

from django.urls import path

from ..models import Question, RatingLevel, RatingScale, Theme
from ..views import tool_themes
from ..views import tools as views

T = "tools/<int:pk>/"

urlpatterns = [
    path("tools/", views.tool_list, name="tool-list"),
    path("tools/import/", views.tool_import, name="tool-import"),
    path("tools/proposals/", views.proposal_list, name="proposal-list"),
    path("tools/proposals/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    path("tools/proposals/<int:pk>/accept/", views.proposal_accept, name="proposal-accept"),
    path("tools/proposals/<int:pk>/decline/", views.proposal_decline, name="proposal-decline"),
    path(T, views.tool_detail, name="tool-detail"),
    path(T + "preview/", views.tool_preview, name="tool-preview"),
    path(T + "export/", views.tool_export, name="tool-export"),
    path(T + "compare/", views.tool_compare, name="tool-compare"),
    path(T + "publish/", views.tool_publish, name="tool-publish"),
    path(T + "retire/", views.tool_retire, name="tool-retire"),
    path(T + "next-version/", views.tool_next_version, name="tool-next-version"),
    path(T + "delete/", views.tool_delete, name="tool-delete"),
    path(T + "settings/", views.tool_settings, name="tool-settings"),
    path(T + "search/", tool_themes.tool_search, name="tool-search"),
    path(T + "themes/add/", views.theme_add, name="theme-add"),
    path(T + "themes/<int:part_pk>/", tool_themes.theme_detail, name="theme-detail"),
    path(T + "themes/<int:part_pk>/change/", views.theme_edit, name="theme-edit"),
    path(T + "themes/<int:part_pk>/move/", views.part_move, {"model": Theme}, name="theme-move"),
    path(
        T + "themes/<int:part_pk>/remove/",
        views.part_remove,
        {"model": Theme},
        name="theme-remove",
    ),
    path(T + "themes/<int:part_pk>/questions/add/", views.question_add, name="question-add"),
    path(T + "questions/<int:part_pk>/change/", views.question_edit, name="question-edit"),
    path(
        T + "questions/<int:part_pk>/move/",
        views.part_move,
        {"model": Question},
        name="question-move",
    ),
    path(
        T + "questions/<int:part_pk>/remove/",
        views.part_remove,
        {"model": Question},
        name="question-remove",
    ),
    path(T + "questions/<int:part_pk>/propose/", views.proposal_create, name="proposal-create"),
    path(T + "scales/add/", views.scale_add, name="scale-add"),
    path(T + "scales/<int:part_pk>/change/", views.scale_edit, name="scale-edit"),
    path(
        T + "scales/<int:part_pk>/remove/",
        views.part_remove,
        {"model": RatingScale},
        name="scale-remove",
    ),
    path(T + "scales/<int:part_pk>/levels/add/", views.level_add, name="level-add"),
    path(T + "levels/<int:part_pk>/change/", views.level_edit, name="level-edit"),
    path(
        T + "levels/<int:part_pk>/move/",
        views.part_move,
        {"model": RatingLevel},
        name="level-move",
    ),
    path(
        T + "levels/<int:part_pk>/remove/",
        views.part_remove,
        {"model": RatingLevel},
        name="level-remove",
    ),
]
