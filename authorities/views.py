"""Councils and people, kept by the region's coordinator."""

from allauth.account.decorators import reauthentication_required
from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.db.models import Exists, OuterRef
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from auditportal import access

from . import security
from .forms import AuthorityForm, PersonForm
from .models import Authority, User


def authority_list(request):
    authorities = access.visible(request.user, Authority).select_related("region")
    return render(
        request,
        "authorities/authority_list.html",
        {
            "authorities": authorities,
            "can_add": access.can_create(request.user, Authority),
        },
    )


@require_http_methods(["GET", "POST"])
def authority_create(request):
    access.require_create(request.user, Authority)
    form = AuthorityForm(request.POST or None, region=request.user.region)
    access.require(request.user.region is not None, "Choose a region before adding councils.")
    if form.is_valid():
        authority = form.save()
        messages.success(request, f"{authority} has been added.")
        return redirect("authorities:authority-list")
    return render(
        request,
        "form_page.html",
        {"form": form, "title": "Add a council", "back_url": "/councils/"},
    )


@require_http_methods(["GET", "POST"])
def authority_edit(request, slug):
    authority = access.fetch(request.user, Authority, edit=True, slug=slug)
    form = AuthorityForm(request.POST or None, instance=authority)
    if form.is_valid():
        form.save()
        messages.success(request, f"{authority} has been saved.")
        return redirect("authorities:authority-list")
    return render(
        request,
        "form_page.html",
        {"form": form, "title": f"Change {authority}", "back_url": "/councils/"},
    )


def person_list(request):
    access.require(
        access.can_create(request.user, User), "Only coordinators keep the list of people."
    )
    people = (
        access.visible(request.user, User)
        .select_related("home_authority", "region")
        .annotate(has_mfa=Exists(Authenticator.objects.filter(user=OuterRef("pk"), type="totp")))
    )
    return render(request, "authorities/person_list.html", {"people": people})


@reauthentication_required
@require_http_methods(["GET", "POST"])
def person_create(request):
    access.require_create(request.user, User)
    form = PersonForm(request.POST or None, editor=request.user)
    if form.is_valid():
        person = form.save(commit=False)
        person.set_unusable_password()
        person.save()
        messages.success(
            request,
            f"{person} has been added. They set their password with "
            "“I have forgotten my password” on the sign-in page.",
        )
        return redirect("authorities:person-list")
    return render(
        request,
        "form_page.html",
        {"form": form, "title": "Add a person", "back_url": "/people/"},
    )


@reauthentication_required
@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    person = access.fetch(request.user, User, edit=True, pk=pk)
    was_active = person.is_active
    form = PersonForm(request.POST or None, instance=person, editor=request.user)
    if form.is_valid():
        form.save()
        if was_active and not person.is_active:
            security.person_deactivated(person=person, by=request.user, request=request)
        messages.success(request, f"{person} has been saved.")
        return redirect("authorities:person-list")
    return render(
        request,
        "form_page.html",
        {"form": form, "title": f"Change {person}", "back_url": "/people/"},
    )
