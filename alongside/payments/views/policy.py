"""Organisation admins and finance: versions of the payment policy."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import Role
from alongside.accounts.permissions import staff_required
from alongside.payments import services
from alongside.payments.forms import PolicyForm, RateFormSet
from alongside.payments.models import PaymentPolicy
from alongside.payments.policy import current_policy
from alongside.payments.views.common import PAGE, editable_organisation


@staff_required(Role.ORG_ADMIN, Role.FINANCE)
def policy_versions(request: HttpRequest) -> HttpResponse:
    organisation = editable_organisation(request)
    versions = PaymentPolicy.objects.filter(organisation=organisation).prefetch_related("rates")
    page = Paginator(versions, PAGE).get_page(request.GET.get("page"))
    return render(request, "payments/policy_versions.html", {"organisation": organisation, "page": page})


def _policy_initial(policy: PaymentPolicy | None) -> tuple[dict, list[dict]]:
    if policy is None:
        return {"effective_from": timezone.localdate()}, []
    fields = {name: getattr(policy, name) for name in PolicyForm.Meta.fields}
    fields["effective_from"] = timezone.localdate()
    rates = [
        {"activity_type": r.activity_type, "label": r.label, "basis": r.basis, "amount": r.amount}
        for r in policy.rates.all()
    ]
    return fields, rates


@staff_required(Role.ORG_ADMIN, Role.FINANCE)
def policy_new(request: HttpRequest) -> HttpResponse:
    organisation = editable_organisation(request)
    initial, rates = _policy_initial(current_policy(organisation.pk))
    form = PolicyForm(request.POST or None, initial=initial)
    formset = RateFormSet(request.POST or None, initial=rates, prefix="rates")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = dict(form.cleaned_data)
        rows = [f.cleaned_data for f in formset if f.cleaned_data.get("activity_type")]
        try:
            services.create_policy(
                organisation,
                effective_from=data.pop("effective_from"),
                rates=[(r["activity_type"], r["label"], r["basis"], r["amount"]) for r in rows],
                created_by=request.user,
                **data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The new version of the payment policy is saved."))
            return redirect(f"{reverse('payments:policy_versions')}?organisation={organisation.pk}")
    context = {"organisation": organisation, "form": form, "formset": formset}
    return render(request, "payments/policy_new.html", context)
