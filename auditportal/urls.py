from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from . import health, session_views, views
from .admin_site import require_mfa_for_admin

# Django admin signs in through allauth too (rate limits, one sign-in page).
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)
require_mfa_for_admin(admin.site)
admin.site.site_header = "AuditPortal administration"

urlpatterns = [
    path("", views.home_page, name="home"),
    path("accessibility/", views.accessibility_statement, name="accessibility"),
    path("privacy/", views.privacy_notice, name="privacy"),
    # For load balancers: "ok" or "fail" to anyone, each check to a platform administrator.
    path("health/", health.health, name="health"),
    path("accounts/", include("allauth.urls")),
    path("session/status/", session_views.session_status, name="session-status"),
    path("session/keep-alive/", session_views.session_keep_alive, name="session-keep-alive"),
    path("", include("authorities.urls")),
    path("", include("audits.urls")),
    path("region/", include("learning.urls")),
    path("", include("reports.urls")),
    path("", include("api.urls")),
    path("django-admin/", admin.site.urls),
]

handler400 = "auditportal.views.bad_request"
handler403 = "auditportal.views.permission_denied"
handler404 = "auditportal.views.page_not_found"
handler500 = "auditportal.faults.server_error"
