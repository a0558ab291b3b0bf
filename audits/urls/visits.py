"""URLs for the audit domain's visits."""

urlpatterns = []
