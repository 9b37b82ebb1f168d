from __future__ import annotations

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts import access_log
from alongside.accounts.models import Organisation, Role
from alongside.accounts.permissions import (
    PEOPLE_MANAGERS,
    get_scoped_or_404,
    organisation_ids,
    scope,
    staff_required,
)
from alongside.core.downloads import file_response
from alongside.core.paging import capped_page
from alongside.core.pdf import pdf_response
from alongside.outreach import buddies, composer, feedback, queries, services
from alongside.outreach.forms import (
    AudienceForm,
    BuddyForm,
    CallOutcomeForm,
    ComposeForm,
    FeedbackForm,
    LoanForm,
    PreferencesForm,
    TemplateForm,
)
from alongside.outreach.kinds import Kind, policy
from alongside.outreach.models import (
    Buddy,
    BuddyMatch,
    Delivery,
    Loan,
    MessageTemplate,
    PrintPack,
    SavedAudience,
)
from alongside.people.models import Contributor
from alongside.people.queries import visible_contributor

managers = staff_required(*PEOPLE_MANAGERS)
# Writing and sending act for an organisation: national admins read messages but send none.
organisation_managers = staff_required(*PEOPLE_MANAGERS, national_admin=False)


def _page(request, items, per_page: int = 50):
    return capped_page(request, items, per_page)


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
    page = _page(request, queries.deliveries_of(message, status=status))
    access_log.record_views(
        request,
        [delivery.contributor for delivery in page],
        organisation=message.organisation,
        purpose="Who a message went to",
    )
    context = {
        "message": message,
        "counts": queries.status_counts(message),
        "packs": queries.print_packs(message),
        "page": page,
        "status": status,
        "statuses": Delivery.Status.choices,
    }
    return render(request, "outreach/message_detail.html", context)


@managers
def print_pack_file(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    if part not in ("pdf", "csv"):
        raise Http404
    pack = get_scoped_or_404(
        request.user,
        PrintPack.objects.select_related("message"),
        pk=pk,
        org_field="message__organisation",
        roles=PEOPLE_MANAGERS,
    )
    name = f"print-pack-{pack.pk}"
    if part == "pdf":
        return file_response(pack.pdf.open("rb"), content_type="application/pdf", name=name)
    return file_response(pack.manifest.open("rb"), content_type="text/csv", name=f"{name}-manifest")


@managers
@require_POST
def print_pack_posted(request: HttpRequest, pk: int) -> HttpResponse:
    pack = get_scoped_or_404(
        request.user, PrintPack.objects.all(), pk=pk, org_field="message__organisation", roles=PEOPLE_MANAGERS
    )
    services.mark_pack_posted(pack, request.user)
    flash.success(request, _("The letters are marked as posted."))
    # A fixed choice of page, never an address: the form says which list it came from.
    if request.POST.get("listed_on") == "letters":
        return redirect("outreach:letters_to_post")
    return redirect("outreach:message", pk=pack.message_id)


@managers
def letters_to_post(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "outreach/letters_to_post.html",
        {"page": _page(request, queries.letters_to_post(request.user))},
    )


@managers
def person_messages(request: HttpRequest, pk: int) -> HttpResponse:
    contributor = visible_contributor(request.user, pk)
    access_log.record_view(
        request, contributor, organisation=contributor.organisation, purpose="Messages sent to this person"
    )
    # Each organisation sees the messages it sent; what another sent the person is theirs to see.
    deliveries = scope(
        request.user,
        queries.deliveries_for(contributor),
        org_field="message__organisation",
        roles=PEOPLE_MANAGERS,
    )
    context = {"contributor": contributor, "page": _page(request, deliveries)}
    return render(request, "outreach/person_messages.html", context)


@managers
def call_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "outreach/call_list.html", {"page": _page(request, queries.call_list(request.user))}
    )


# Calling is done by the organisation's own staff: national admins see the list but record no calls.
@organisation_managers
def record_call(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = get_scoped_or_404(
        request.user,
        queries.call_list(request.user),
        pk=pk,
        org_field="message__organisation",
        roles=PEOPLE_MANAGERS,
        national_reads_all=False,
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


def _managed_organisations(user):
    ids = organisation_ids(user, PEOPLE_MANAGERS)
    if not ids:
        raise PermissionDenied
    return Organisation.objects.filter(pk__in=ids).order_by("name")


@organisation_managers
def compose(request: HttpRequest) -> HttpResponse:
    organisations = _managed_organisations(request.user)
    audiences = SavedAudience.objects.filter(organisation__in=organisations).select_related("organisation")
    initial = {}
    if template_id := request.GET.get("template", "").strip():
        if not template_id.isdigit():
            raise Http404
        template = get_object_or_404(MessageTemplate, pk=template_id, organisation__in=organisations)
        initial = {
            f: getattr(template, f) for f in ("kind", "subject", "body", "easy_read_body", "phone_script")
        }
    form = ComposeForm(request.POST or None, audiences=audiences, initial=initial)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        content = form.content()
        audience, kind = form.cleaned_data["audience"], form.cleaned_data["kind"]
        action = request.POST.get("action", "preview")
        if action == "letter":
            large_print = request.GET.get("large_print") == "1"
            pdf = composer.preview_letter(content, audience.organisation, large_print=large_print)
            return pdf_response(pdf, "letter-preview.pdf", inline=True)
        if action == "send":
            message = composer.start_send(
                audience, kind, content, user=request.user, send_at=form.cleaned_data["send_at"]
            )
            return redirect("core:task_progress", pk=message.progress_id)
        context["preview"] = composer.preview(content, audience.organisation)
        context["audience_size"] = composer.audience_people(audience, kind).count()
    return render(request, "outreach/compose.html", context)


@organisation_managers
def audiences(request: HttpRequest) -> HttpResponse:
    organisations = _managed_organisations(request.user)
    form = AudienceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        audience = form.save(commit=False)
        audience.organisation = organisations[0]
        audience.created_by = request.user
        audience.save()
        form.save_m2m()
        flash.success(request, _("The audience is saved."))
        return redirect("outreach:audiences")
    items = SavedAudience.objects.filter(organisation__in=organisations).prefetch_related("interests")
    return render(request, "outreach/audiences.html", {"form": form, "page": _page(request, items)})


@organisation_managers
def templates(request: HttpRequest) -> HttpResponse:
    organisations = _managed_organisations(request.user)
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        template = form.save(commit=False)
        template.organisation = organisations[0]
        template.created_by = request.user
        template.save()
        flash.success(request, _("The template is saved."))
        return redirect("outreach:templates")
    items = MessageTemplate.objects.filter(organisation__in=organisations)
    return render(request, "outreach/templates.html", {"form": form, "page": _page(request, items)})


@organisation_managers
def buddy_overview(request: HttpRequest) -> HttpResponse:
    organisations = _managed_organisations(request.user)
    form = BuddyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        buddy = form.save(commit=False)
        buddy.organisation = organisations[0]
        form.save()
        flash.success(request, _("The buddy is added."))
        return redirect("outreach:buddies")
    context = {
        "form": form,
        "page": _page(request, queries.buddy_requests(request.user), per_page=25),
        "buddies": queries.buddies_for(request.user)[:100],
        "matches": queries.matches_for(request.user).filter(status=BuddyMatch.Status.INTRODUCED)[:100],
        "loans": queries.loans_due(request.user)[:100],
    }
    return render(request, "outreach/buddies.html", context)


@managers
def buddy_match(request: HttpRequest, pk: int) -> HttpResponse:
    contributor = get_scoped_or_404(
        request.user, queries.buddy_requests(request.user), pk=pk, roles=PEOPLE_MANAGERS
    )
    buddies_qs = scope(request.user, Buddy.objects.all(), roles=PEOPLE_MANAGERS)
    if request.method == "POST":
        chosen = request.POST.get("buddy", "")
        buddy = buddies_qs.filter(pk=chosen, active=True).first() if chosen.isdigit() else None
        if buddy is None:
            flash.error(request, _("Choose a buddy from the list"))
            return redirect("outreach:buddy_match", pk=pk)
        buddies.match(contributor, buddy, matched_by=request.user)
        flash.success(request, _("They are matched, and both have been told."))
        return redirect("outreach:buddies")
    access_log.record_view(
        request, contributor, organisation=contributor.organisation, purpose="Digital buddy"
    )
    context = {"contributor": contributor, "suggestions": buddies.suggest(contributor, buddies_qs)[:20]}
    return render(request, "outreach/buddy_match.html", context)


@managers
def lend(request: HttpRequest, pk: int) -> HttpResponse:
    contributor = get_scoped_or_404(request.user, Contributor.objects.all(), pk=pk, roles=PEOPLE_MANAGERS)
    form = LoanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        buddies.lend(contributor, recorded_by=request.user, **form.cleaned_data)
        flash.success(request, _("The loan is recorded."))
        return redirect("outreach:buddies")
    return render(request, "outreach/lend.html", {"form": form, "contributor": contributor})


@managers
@require_POST
def loan_followed_up(request: HttpRequest, pk: int) -> HttpResponse:
    loan = get_scoped_or_404(
        request.user, Loan.objects.all(), pk=pk, org_field="contributor__organisation", roles=PEOPLE_MANAGERS
    )
    buddies.follow_up(loan, returned=request.POST.get("returned") == "1")
    flash.success(request, _("The follow-up is recorded."))
    return redirect("outreach:buddies")


# --- Feedback about the website -----------------------------------------------------------------


def feedback_form(request: HttpRequest) -> HttpResponse:
    """The beta banner's feedback page: open to everyone, rate-limited by network address."""
    form = FeedbackForm(request.POST or None, initial={"page": request.GET.get("from", "")})
    if request.method == "POST" and form.is_valid():
        if not ratelimit.consume(request, action="feedback"):
            form.add_error(
                None, _("You have sent a lot of feedback in a short time. Wait 10 minutes and try again.")
            )
            return render(request, "outreach/feedback.html", {"form": form}, status=429)
        feedback.record_feedback(**form.cleaned_data, user=request.user)
        return redirect("outreach:feedback_sent")
    return render(request, "outreach/feedback.html", {"form": form})


def feedback_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "outreach/feedback_sent.html")


@staff_required(Role.NATIONAL_ADMIN)
def feedback_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "outreach/feedback_list.html", {"page": _page(request, queries.service_feedback(), 25)}
    )
