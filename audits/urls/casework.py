"""URLs for the audit domain's casework."""

urlpatterns = []
