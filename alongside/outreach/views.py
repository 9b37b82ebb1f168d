from __future__ import annotations

from django.conf import settings
from django.contrib import messages as flash
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts import access_log
from alongside.accounts.permissions import PEOPLE_MANAGERS, get_scoped_or_404, staff_required
from alongside.outreach import queries, services
from alongside.outreach.forms import CallOutcomeForm, PreferencesForm
from alongside.outreach.kinds import Kind, policy
from alongside.outreach.models import Delivery, PrintPack
from alongside.people.models import Contributor

managers = staff_required(*PEOPLE_MANAGERS)


def _page(request, items, per_page: int = 50):
    return Paginator(items, per_page).get_page(request.GET.get("page"))


@managers
def message_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "outreach/message_list.html", {"page": _page(request, queries.messages_for(request.user))}
    )


@managers
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_scoped_or_404(request.user, queries.messages_for(request.user), pk=pk)
    status = request.GET.get("status", "")
    status = status if status in Delivery.Status.values else ""
    context = {
        "message": message,
        "counts": queries.status_counts(message),
        "packs": queries.print_packs(message),
        "page": _page(request, queries.deliveries_of(message, status=status)),
        "status": status,
        "statuses": Delivery.Status.choices,
    }
    return render(request, "outreach/message_detail.html", context)


@managers
def print_pack_file(request: HttpRequest, pk: int, part: str) -> FileResponse:
    if part not in ("pdf", "csv"):
        raise Http404
    pack = get_scoped_or_404(
        request.user,
        PrintPack.objects.select_related("message"),
        pk=pk,
        org_field="message__organisation",
        roles=PEOPLE_MANAGERS,
    )
    field = pack.pdf if part == "pdf" else pack.manifest
    content_type = "application/pdf" if part == "pdf" else "text/csv"
    return FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=field.name.rsplit("/", 1)[-1],
        content_type=content_type,
    )


@managers
@require_POST
def print_pack_posted(request: HttpRequest, pk: int) -> HttpResponse:
    pack = get_scoped_or_404(
        request.user, PrintPack.objects.all(), pk=pk, org_field="message__organisation", roles=PEOPLE_MANAGERS
    )
    services.mark_pack_posted(pack, request.user)
    flash.success(request, _("The letters are marked as posted."))
    return redirect("outreach:message", pk=pack.message_id)


@managers
def person_messages(request: HttpRequest, pk: int) -> HttpResponse:
    contributor = get_scoped_or_404(request.user, Contributor.objects.all(), pk=pk, roles=PEOPLE_MANAGERS)
    access_log.record_view(
        request, contributor, organisation=contributor.organisation, purpose="Messages sent to this person"
    )
    context = {"contributor": contributor, "page": _page(request, queries.deliveries_for(contributor))}
    return render(request, "outreach/person_messages.html", context)


@managers
def call_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "outreach/call_list.html", {"page": _page(request, queries.call_list(request.user))}
    )


@managers
def record_call(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_scoped_or_404(
        request.user,
        queries.call_list(request.user),
        pk=pk,
        org_field="message__organisation",
        roles=PEOPLE_MANAGERS,
    )
    form = CallOutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.record_call(
            delivery, form.cleaned_data["outcome"], notes=form.cleaned_data["notes"], called_by=request.user
        )
        flash.success(request, _("The call is recorded."))
        return redirect("outreach:call_list")
    access_log.record_view(
        request,
        delivery.contributor,
        organisation=delivery.contributor.organisation,
        purpose="Phone call for a message",
    )
    script = services.wording.render(delivery.message, delivery, delivery.contributor).phone_script
    return render(
        request, "outreach/record_call.html", {"delivery": delivery, "form": form, "script": script}
    )


def preferences(request: HttpRequest, token: str) -> HttpResponse:
    """Opened from a link in an email or text: no sign-in, the signed link is the key."""
    try:
        contributor, kind = services.read_preferences_token(token)
    except services.LinkExpired:
        return render(request, "outreach/link_problem.html", {"expired": True}, status=410)
    except services.LinkInvalid:
        raise Http404 from None
    essential = policy(kind).essential
    form = PreferencesForm(
        request.POST or None, initial={"channels": contributor.preferred_channels}, essential=essential
    )
    if request.method == "POST" and form.is_valid():
        action = form.cleaned_data["action"]
        if action == "stop_kind" and not essential:
            services.opt_out(contributor, kind)
        elif action == "stop_all":
            services.opt_out(contributor, "")
        elif action == "channels":
            services.set_channels(contributor, form.cleaned_data["channels"])
        return render(request, "outreach/preferences_done.html", {"action": action, "kind": Kind(kind).label})
    context = {
        "form": form,
        "kind": Kind(kind).label,
        "essential": essential,
        "name": contributor.display_name,
        "contact_phone": settings.ALONGSIDE_CONTACT_PHONE,
    }
    return render(request, "outreach/preferences.html", context)
