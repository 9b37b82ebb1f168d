"""The public payment policy page and its PDF."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from alongside.accounts.models import Organisation
from alongside.core.pdf import pdf_response
from alongside.payments import documents
from alongside.payments.models import PaymentPolicy
from alongside.payments.policy import current_policy


def _live_policy(slug: str) -> PaymentPolicy:
    organisation = get_object_or_404(Organisation, slug=slug)
    policy = current_policy(organisation.pk)
    if policy is None:
        raise Http404
    return policy


def policy_page(request: HttpRequest, slug: str) -> HttpResponse:
    policy = _live_policy(slug)
    return render(
        request, "payments/policy.html", {"policy": policy, "sections": documents.policy_sections(policy)}
    )


def policy_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    policy = _live_policy(slug)
    large = request.GET.get("large") == "1"
    return pdf_response(documents.policy_pdf(policy, large_print=large), f"payment-policy-{slug}.pdf")
