from django.urls import include, path

from . import views, views_v1
from .security import logged

# The API's own operations answer a missing or refused token with 401; its description
# (openapi.json) and root stay behind the sign-in, for people in a browser.
SIGNED_IN_ONLY = {"openapi-json", "api-root"}


def _logged(patterns):
    for pattern in patterns:
        pattern.callback = logged(
            pattern.callback, open_to_tokens=pattern.name not in SIGNED_IN_ONLY
        )
    return patterns


api_patterns, _app, _namespace = views_v1.api.urls

app_name = "api"
urlpatterns = [
    path("account/api-tokens/", views.token_list, name="token-list"),
    path("account/api-tokens/new/", views.token_create, name="token-create"),
    path("account/api-tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("api/v1/", include((_logged(api_patterns), "v1"))),
]
