"""URLs for the audit domain's tools."""

urlpatterns = []
