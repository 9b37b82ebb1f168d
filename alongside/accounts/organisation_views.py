"""Organisations, for national admins: find, create, change, see the team, invite the first admin."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from alongside.accounts import queries, services
from alongside.accounts.forms import OrganisationForm
from alongside.accounts.models import Organisation, Role
from alongside.accounts.permissions import staff_required

PAGE_SIZE = 50


@staff_required(Role.NATIONAL_ADMIN)
def organisation_list(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")[:100]
    page = Paginator(queries.organisation_list(text), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/organisation_list.html", {"page": page, "q": text})


@staff_required(Role.NATIONAL_ADMIN)
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("%(name)s has been added. Now invite its first organisation admin.")
            % {"name": organisation.name},
        )
        return redirect("accounts:organisation", pk=organisation.pk)
    return render(request, "accounts/organisation_form.html", {"form": form})


@staff_required(Role.NATIONAL_ADMIN)
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    page, rows = queries.team_page(request.user, organisation=organisation, number=request.GET.get("page"))
    context = {
        "organisation": organisation,
        "page": page,
        "rows": rows,
        "has_admin": queries.count_admins(organisation) > 0,
        "invitations": queries.open_invitations(request.user, organisation=organisation)[:10],
    }
    return render(request, "accounts/organisation_detail.html", context)


@staff_required(Role.NATIONAL_ADMIN)
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.update_organisation(organisation, by=request.user, **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect("accounts:organisation", pk=organisation.pk)
    return render(request, "accounts/organisation_form.html", {"form": form, "organisation": organisation})


@staff_required(Role.NATIONAL_ADMIN)
def organisation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, pk=pk)
    held = queries.records_held(organisation)
    if request.method == "POST" and not held:
        try:
            services.delete_organisation(organisation, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("accounts:organisation_delete", pk=pk)
        messages.success(request, _("%(name)s has been deleted.") % {"name": organisation.name})
        return redirect("accounts:organisations")
    reason = services.held_records_message(held) if held else ""
    return render(
        request, "accounts/organisation_delete.html", {"organisation": organisation, "reason": reason}
    )
