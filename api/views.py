"""A person's own API tokens: make one (after confirming who they are), see and revoke them."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from auditportal import access

from . import tokens
from .forms import TokenForm
from .models import ApiCall, PersonalToken

CALLS_SHOWN = 20


@never_cache
@require_GET
def token_list(request):
    user = request.user
    return render(
        request,
        "api/personaltoken_list.html",
        {
            "tokens": access.visible(user, PersonalToken),
            "calls": access.visible(user, ApiCall).select_related("token")[:CALLS_SHOWN],
        },
    )


@never_cache
@reauthentication_required
@require_http_methods(["GET", "POST"])
def token_create(request):
    access.require_create(request.user, PersonalToken)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = tokens.make_token(
            owner=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
        )
        # Rendered, not redirected: the secret is shown on this one answer and kept nowhere.
        return render(request, "api/personaltoken_made.html", {"made": made})
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": "Make an API token",
            "lead": "A token lets Power BI, Excel or a script read what you can read here, "
            "and nothing more. You will see it once.",
            "back_url": reverse("api:token-list"),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def token_revoke(request, pk):
    token = access.fetch(request.user, PersonalToken, edit=True, pk=pk)
    if request.method == "POST":
        tokens.revoke_token(token=token)
        messages.success(request, f"“{token.name}” has been revoked. It has stopped working.")
        return redirect("api:token-list")
    return render(request, "api/personaltoken_revoke.html", {"token": token})
