"""Community partners: list, detail, create and edit (staff)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.accounts.permissions import staff_required
from alongside.people import partners, queries
from alongside.people.forms import ChampionForm, PartnerContactForm, PartnerForm
from alongside.people.models import CommunityPartner

EDITORS = (Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN, Role.NATIONAL_ADMIN)


@staff_required()
def partner_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.partner_list(), 50).get_page(request.GET.get("page"))
    return render(request, "people/partner_list.html", {"page": page})


@staff_required()
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(queries.partner_list().prefetch_related("contacts"), pk=pk)
    return render(
        request,
        "people/partner_detail.html",
        {"partner": partner, "contact_form": PartnerContactForm(), "champion_form": ChampionForm()},
    )


@staff_required(*EDITORS)
def partner_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    partner = (
        get_object_or_404(CommunityPartner.objects.select_related("organisation"), pk=pk) if pk else None
    )
    initial = {}
    if partner:
        initial = {
            "name": partner.organisation.name,
            "type": partner.organisation.type,
            "areas": partner.areas,
            "languages": ", ".join(partner.languages),
            "partnership": partner.partnership,
        }
    form = PartnerForm(request.POST or None, instance=partner, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            partner = partners.save_partner(form, partner=partner)
        except ValueError:
            form.add_error("name", _("There is already an organisation with this name."))
        else:
            messages.success(request, _("The community partner has been saved."))
            return redirect("people:partner_detail", pk=partner.pk)
    return render(request, "people/partner_form.html", {"form": form, "partner": partner})


@staff_required(*EDITORS)
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(CommunityPartner, pk=pk)
    form = PartnerContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        partners.add_contact(partner, form.cleaned_data)
        messages.success(request, _("Contact added."))
        return redirect("people:partner_detail", pk=partner.pk)
    return render(
        request,
        "people/partner_sub_form.html",
        {"form": form, "partner": partner, "title": _("Add a named contact")},
    )


@staff_required(*EDITORS)
def champion_add(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(CommunityPartner, pk=pk)
    form = ChampionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data.pop("contributor_reference", "").strip().upper()
        contributor = None
        if reference:
            contributor = queries.visible_contributors(request.user).filter(reference=reference).first()
            if contributor is None:
                form.add_error(
                    "contributor_reference", _("No contributor in your organisation has this reference.")
                )
        if not form.errors:
            partners.add_champion(partner, form.cleaned_data, contributor=contributor)
            messages.success(request, _("Community champion added."))
            return redirect("people:partner_detail", pk=partner.pk)
    return render(
        request,
        "people/partner_sub_form.html",
        {"form": form, "partner": partner, "title": _("Add a community champion")},
    )
