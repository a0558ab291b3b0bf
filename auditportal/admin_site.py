"""Django's admin site opens only to staff whose session passed a second factor."""

from types import MethodType

from django.core.exceptions import PermissionDenied

from authorities import security


def require_mfa_for_admin(site) -> None:
    default_permission, default_login = site.has_permission, site.login

    def has_permission(self, request):
        return default_permission(request) and bool(request.session.get(security.MFA_DONE))

    def login(request, *args, **kwargs):
        # The admin's own password form would sign in around allauth's throttle and MFA.
        if request.user.is_authenticated:
            raise PermissionDenied(
                "The administration site is for platform administrators who signed in with "
                "their authenticator app."
            )
        return default_login(request, *args, **kwargs)

    site.has_permission = MethodType(has_permission, site)
    site.login = login
