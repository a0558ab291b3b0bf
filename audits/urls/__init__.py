"""The audit domain's pages: the tool, visits and their cases, and the case audits."""

from . import casework, fieldwork, improvement, tools, visits

app_name = "audits"
urlpatterns = [
    *tools.urlpatterns,
    *visits.urlpatterns,
    *casework.urlpatterns,
    *fieldwork.urlpatterns,
    *improvement.urlpatterns,
]
