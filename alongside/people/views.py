"""Views for the national database. Thin: forms check input, services change things, queries read."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from alongside.accounts import access_log
from alongside.accounts.models import Role
from alongside.accounts.permissions import (
    PEOPLE_MANAGERS,
    is_national_admin,
    organisation_ids,
    staff_required,
)
from alongside.core import page_cache, pdf
from alongside.core.downloads import file_response
from alongside.core.paging import capped_page
from alongside.core.redirects import safe_next
from alongside.people import export, invite_targets, queries, searches, services
from alongside.people.choices import ConsentPurpose, HowGiven
from alongside.people.forms import (
    ConsentForm,
    EqualityForm,
    InviteChoiceForm,
    JoinForm,
    ProfileForm,
    SearchForm,
    SearchInviteForm,
    StaffProfileForm,
    StatusForm,
    profile_initial,
)
from alongside.people.models import ConsentWording, Contributor, Invitation

MANAGERS = (Role.INVOLVEMENT_STAFF, Role.ORG_ADMIN)


def _wordings() -> dict[str, ConsentWording]:
    return {purpose: services.current_wording(purpose) for purpose in ConsentPurpose.values}


# --- Joining ------------------------------------------------------------------------------------


def join(request: HttpRequest) -> HttpResponse:
    wordings = _wordings()
    form = JoinForm(request.POST or None, wordings=wordings)
    if request.method == "POST" and form.is_valid():
        try:
            services.join(consents=form.consents(), how=HowGiven.ONLINE, **form.profile_fields())
        except ValueError:
            # Said by email, not on the page, so the form does not reveal who has joined.
            services.tell_already_joined(form.cleaned_data["email"])
        if form.postcode_warning:
            messages.warning(request, form.postcode_warning)
        return redirect(_carrying_next(reverse("people:joined"), request))
    return render(request, "people/join.html", {"form": form, "wordings": wordings})


def joined(request: HttpRequest) -> HttpResponse:
    # Someone who pressed "Apply" before joining signs in and lands back where they were.
    sign_in = _carrying_next(reverse("account_login"), request)
    return render(request, "people/joined.html", {"sign_in": sign_in})


def _carrying_next(url: str, request: HttpRequest) -> str:
    """``url`` with the request's ``next`` added, when there is one and it is safe to follow."""
    following = safe_next(request.GET.get("next"), "")
    return f"{url}?{urlencode({'next': following})}" if following else url


def join_paper_form(request: HttpRequest) -> HttpResponse:
    large = request.GET.get("large") == "1"
    return pdf.pdf_response(export.paper_join_form(_wordings(), large_print=large), "join-alongside.pdf")


# --- The person's own profile --------------------------------------------------------------------


def _own_contributor(request) -> Contributor:
    contributor = Contributor.objects.filter(user=request.user, erased_at__isnull=True).first()
    if contributor is None:
        raise Http404
    return contributor


@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    contributor = Contributor.objects.filter(user=request.user, erased_at__isnull=True).first()
    if contributor is None:
        contributor = services.link_by_verified_email(request.user)
    if contributor is None:
        return render(request, "people/no_profile.html")
    return render(
        request,
        "people/my_profile.html",
        {
            "contributor": contributor,
            "consents": _consent_rows(contributor),
            "invitations": queries.invitations_for(contributor)[:50],
            "erasure_pending": contributor.erasure_requests.filter(status="requested").exists(),
            "seen_by": queries.organisations_seeing(contributor)[:20],
        },
    )


def _consent_rows(contributor: Contributor, *, staff: bool = False) -> list[dict]:
    wordings = _wordings()
    rows = []
    for purpose, label in ConsentPurpose.choices:
        if staff:
            action = reverse("people:consent", kwargs={"pk": contributor.pk, "purpose": purpose})
        else:
            action = reverse("people:my_consent", kwargs={"purpose": purpose})
        given = contributor.has_consent(purpose)
        rows.append(
            {
                "purpose": purpose,
                "label": label,
                "given": given,
                "wording": wordings[purpose],
                "action": action,
            }
        )
    return rows


def _save_profile(request, contributor, form, *, how, redirect_to):
    services.update_profile(contributor, changed_by=request.user, how=how, **form.profile_fields())
    if form.postcode_warning:
        messages.warning(request, form.postcode_warning)
    messages.success(request, _("The details have been saved."))
    return redirect(redirect_to)


@login_required
def my_profile_edit(request: HttpRequest) -> HttpResponse:
    contributor = _own_contributor(request)
    form = ProfileForm(
        request.POST or None, initial=profile_initial(contributor), channels=contributor.preferred_channels
    )
    if request.method == "POST" and form.is_valid():
        return _save_profile(request, contributor, form, how=HowGiven.ONLINE, redirect_to="people:my_profile")
    return render(
        request, "people/profile_form.html", {"form": form, "contributor": contributor, "own": True}
    )


@login_required
@require_POST
def my_consent(request: HttpRequest, purpose: str) -> HttpResponse:
    contributor = _own_contributor(request)
    _change_consent(request, contributor, purpose, HowGiven.ONLINE)
    return redirect("people:my_profile")


def _change_consent(request, contributor, purpose: str, how: str) -> None:
    if purpose not in ConsentPurpose.values:
        raise Http404
    given = request.POST.get("given") == "yes"
    wording = get_object_or_404(ConsentWording, pk=request.POST.get("wording"), purpose=purpose)
    services.record_consent(
        contributor, purpose, given=given, how=how, recorded_by=request.user, wording=wording
    )
    label = ConsentPurpose(purpose).label
    messages.success(request, (_("Consent given: %s") if given else _("Consent withdrawn: %s")) % label)


@login_required
def my_equality(request: HttpRequest) -> HttpResponse:
    contributor = _own_contributor(request)
    return _equality(request, contributor, HowGiven.ONLINE, "people:my_profile")


def _equality(request, contributor, how, redirect_to, **url_kwargs):
    record = getattr(contributor, "equality", None)
    initial = {f: getattr(record, f) for f in EqualityForm.base_fields} if record else None
    form = EqualityForm(request.POST or None, initial=initial)
    wording = services.current_wording(ConsentPurpose.EQUALITY)
    if request.method == "POST" and form.is_valid():
        if not contributor.consent_equality and request.POST.get("consent") == "yes":
            services.record_consent(
                contributor,
                ConsentPurpose.EQUALITY,
                given=True,
                how=how,
                recorded_by=request.user,
                wording=wording,
            )
        if contributor.consent_equality:
            services.save_equality(contributor, form.cleaned_data, recorded_by=request.user)
            messages.success(request, _("Thank you. Your answers have been saved."))
        else:
            messages.info(request, _("Nothing was saved, because equality monitoring was not agreed."))
        return redirect(redirect_to, **url_kwargs)
    return render(
        request,
        "people/equality_form.html",
        {"form": form, "contributor": contributor, "wording": wording},
    )


@login_required
@require_POST
def my_invitation_reply(request: HttpRequest, pk: int) -> HttpResponse:
    contributor = _own_contributor(request)
    invitation = get_object_or_404(Invitation, pk=pk, contributor=contributor)
    accept = request.POST.get("reply") == "accept"
    services.respond_to_invitation(invitation, accept=accept)
    messages.success(
        request,
        _("You accepted the invitation. We have shared your name and contact details with the researcher.")
        if accept
        else _("You declined the invitation. The researcher has not been given your details."),
    )
    return redirect("people:my_profile")


@login_required
def my_data(request: HttpRequest, fmt: str) -> HttpResponse:
    contributor = _own_contributor(request)
    return _data_download(contributor, fmt)


def _data_download(contributor, fmt: str) -> HttpResponse:
    data = export.subject_access_data(contributor)
    if fmt == "pdf":
        return pdf.pdf_response(export.subject_access_pdf(data), f"your-data-{contributor.reference}.pdf")
    content = json.dumps(data, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder)
    return file_response(content, content_type="application/json", name=f"your-data-{contributor.reference}")


@login_required
def my_erasure(request: HttpRequest) -> HttpResponse:
    contributor = _own_contributor(request)
    if request.method == "POST":
        services.request_erasure(contributor, requested_by=request.user, how=HowGiven.ONLINE)
        messages.success(request, _("We have your request. Staff will remove your details within one month."))
        return redirect("people:my_profile")
    return render(request, "people/erasure_confirm.html", {"contributor": contributor, "own": True})


# --- Staff: full records -------------------------------------------------------------------------


@staff_required(*MANAGERS)
def contributor_list(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "")[:100]
    page = capped_page(request, queries.contributor_list(request.user, text))
    access_log.record_views(
        request, page.object_list, organisation_of=lambda c: c.organisation, purpose="contributor list"
    )
    return render(request, "people/contributor_list.html", {"page": page, "q": text})


def _organisations_adding_people(user) -> set[int]:
    """Where the user adds people: organisations where they manage people; national admins, who
    hold no such role, add to the national pool."""
    ids = organisation_ids(user, PEOPLE_MANAGERS)
    if not ids and is_national_admin(user):
        ids = {services.home_organisation().pk}
    return ids


# National admins, who hold no organisation's pool, add people to the national pool.
@staff_required(*MANAGERS)
def contributor_create(request: HttpRequest) -> HttpResponse:
    form = StaffProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisations = _organisations_adding_people(request.user)
        organisation_id = int(request.POST.get("organisation") or min(organisations))
        if organisation_id not in organisations:
            raise PermissionDenied
        contributor = _create_for_staff(request, organisation_id, form)
        return redirect("people:detail", pk=contributor.pk)
    return render(request, "people/profile_form.html", {"form": form, "staff": True})


def _create_for_staff(request, organisation_id: int, form) -> Contributor:
    from alongside.accounts.models import Organisation

    fields = form.profile_fields()
    contributor = services.create_contributor(
        organisation=Organisation.objects.get(pk=organisation_id),
        created_by=request.user,
        how=form.cleaned_data["how"],
        **fields,
    )
    if form.postcode_warning:
        messages.warning(request, form.postcode_warning)
    messages.success(request, _("Profile created. Now record the person's consent answers."))
    return contributor


@staff_required(*MANAGERS)
def contributor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contributor = queries.contributor_detail(request.user, pk)
    access_log.record_view(request, contributor, organisation=contributor.organisation, purpose="profile")
    return render(
        request,
        "people/contributor_detail.html",
        {
            "contributor": contributor,
            "consents": _consent_rows(contributor, staff=True),
            "history": contributor.status_history.select_related("changed_by")[:20],
            "changes": contributor.profile_changes.select_related("changed_by")[:20],
            "consent_events": contributor.consent_events.select_related("wording", "recorded_by")[:50],
            "duplicates": queries.duplicate_candidates(contributor)[:10],
            "holds_record": queries.holds_record(request.user, contributor),
            "links": queries.organisations_seeing(contributor)[:20],
            "status_form": StatusForm(initial={"status": contributor.status}),
            "consent_form": ConsentForm(),
            "erasure_requests": contributor.erasure_requests.all()[:5],
        },
    )


@staff_required(*MANAGERS)
def contributor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contributor = queries.contributor_detail(request.user, pk)
    access_log.record_view(
        request, contributor, organisation=contributor.organisation, purpose="edit profile"
    )
    form = StaffProfileForm(
        request.POST or None, initial=profile_initial(contributor), channels=contributor.preferred_channels
    )
    if request.method == "POST" and form.is_valid():
        return _save_profile(
            request, contributor, form, how=form.cleaned_data["how"], redirect_to=contributor_url(contributor)
        )
    return render(
        request, "people/profile_form.html", {"form": form, "contributor": contributor, "staff": True}
    )


def contributor_url(contributor) -> str:
    return reverse("people:detail", kwargs={"pk": contributor.pk})


@staff_required(*MANAGERS)
@require_POST
def contributor_status(request: HttpRequest, pk: int) -> HttpResponse:
    contributor = queries.contributor_detail(request.user, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.change_status(
            contributor,
            form.cleaned_data["status"],
            changed_by=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, _("Status changed."))
    return redirect(contributor_url(contributor))


@staff_required(*MANAGERS)
@require_POST
def contributor_consent(request: HttpRequest, pk: int, purpose: str) -> HttpResponse:
    contributor = queries.contributor_detail(request.user, pk)
    how = request.POST.get("how") or HowGiven.PHONE
    if how not in HowGiven.values:
        how = HowGiven.PHONE
    _change_consent(request, contributor, purpose, how)
    return redirect(contributor_url(contributor))


@staff_required(*MANAGERS)
def contributor_equality(request: HttpRequest, pk: int) -> HttpResponse:
    contributor = queries.held_contributor(request.user, pk)
    access_log.record_view(request, contributor, organisation=contributor.organisation, purpose="equality")
    how = request.POST.get("how") if request.POST.get("how") in HowGiven.values else HowGiven.PHONE
    return _equality(request, contributor, how, "people:detail", pk=contributor.pk)


@staff_required(*MANAGERS)
def contributor_data(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    contributor = queries.held_contributor(request.user, pk)
    access_log.record_view(
        request, contributor, organisation=contributor.organisation, action="export", purpose="subject access"
    )
    return _data_download(contributor, fmt)


@staff_required(*MANAGERS)
def contributor_erase(request: HttpRequest, pk: int) -> HttpResponse:
    contributor = queries.held_contributor(request.user, pk)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        access_log.record_view(
            request, contributor, organisation=contributor.organisation, action="erase", purpose="erasure"
        )
        services.erase_contributor(contributor, erased_by=request.user, how=HowGiven.PHONE)
        messages.success(request, _("The person's details have been erased."))
        return redirect("people:list")
    return render(request, "people/erasure_confirm.html", {"contributor": contributor, "staff": True})


@staff_required(*MANAGERS)
def contributor_merge(request: HttpRequest, pk: int, other: int) -> HttpResponse:
    keep = queries.held_contributor(request.user, pk)
    duplicate = queries.held_contributor(request.user, other)
    if request.method == "POST":
        try:
            services.merge_contributors(keep, duplicate, merged_by=request.user)
        except ValueError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The two profiles have been merged."))
        return redirect(contributor_url(keep))
    for person in (keep, duplicate):
        access_log.record_view(request, person, organisation=person.organisation, purpose="merge")
    return render(request, "people/merge_confirm.html", {"keep": keep, "other": duplicate})


# --- Researcher search and invitations -----------------------------------------------------------


def _page(request) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


@staff_required(Role.RESEARCHER, *MANAGERS)
def search(request: HttpRequest) -> HttpResponse:
    equality = queries.can_use_equality_filters(request.user)
    used_equality = any(request.GET.get(name) for name in SearchForm.EQUALITY_FIELDS)
    if used_equality and not equality:
        # Refused, not hidden: the filter is not quietly dropped.
        raise PermissionDenied
    form = SearchForm(request.GET or None, equality=equality)
    targets = invite_targets.targets_for(request.user)
    preset = next((t for t in targets if t.key == request.GET.get("for")), None)
    chosen = sorted((name, value) for name in form.fields for value in request.GET.getlist(name))
    context = {
        "form": form,
        "result": None,
        "preset": preset,
        "fragment_seconds": settings.FRAGMENT_CACHE_SECONDS,
        # The filters drawn for these choices are the same for everyone who may use the same fields.
        "fragments": {"site": page_cache.versions_of(), "form": f"{equality}:{urlencode(chosen)}"},
    }
    if request.GET and form.is_valid():
        try:
            result, token = searches.run_search(request.user, form.filters(page=_page(request)))
        except searches.SearchLimitReached:
            return render(request, "people/search_limit.html", status=429)
        most = min(searches.MOST_PER_INVITATION, result.invitable)
        initial = {"target": preset.key if preset else None, "number": min(10, most)}
        choice = InviteChoiceForm(initial=initial, targets=targets, most=most)
        context.update(result=result, token=token, invite_form=choice)
    return render(request, "people/search.html", context)


def _search_gone(request) -> HttpResponse:
    # One answer for a token that is unknown, expired or someone else's.
    return render(request, "people/search_gone.html", status=404)


@staff_required(Role.RESEARCHER, *MANAGERS)
def invite(request: HttpRequest, token: str) -> HttpResponse:
    record = searches.find_search(request.user, token)
    if record is None:
        return _search_gone(request)
    targets = invite_targets.targets_for(request.user)
    initial = {"target": request.GET.get("target"), "number": request.GET.get("number")}
    form = SearchInviteForm(request.POST or None, initial=initial, targets=targets)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            next_url = searches.invite_from_search(
                record,
                user=request.user,
                target_key=data["target"],
                number=data["number"],
                message=data["message"],
            )
        except ValidationError as exc:
            form.add_error(exc.code if exc.code in form.fields else None, exc.messages)
        else:
            messages.success(
                request,
                _(
                    "We are sending your invitation to %(n)s people chosen at random from your search. "
                    "Nobody gets the same invitation twice."
                )
                % {"n": data["number"]},
            )
            return redirect(next_url)
    return render(
        request,
        "people/invite.html",
        {"form": form, "record": record, "criteria": queries.describe_filters(record.filters)},
    )


@staff_required(Role.RESEARCHER, *MANAGERS)
def sent_invitations(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.sent_invitations(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "people/sent_invitations.html", {"page": page})


# --- Imports -------------------------------------------------------------------------------------


@staff_required(*MANAGERS, national_admin=False)
def import_upload(request: HttpRequest) -> HttpResponse:
    from alongside.accounts.models import Organisation
    from alongside.core import services as progress
    from alongside.core.uploads import SPREADSHEET_TYPES, check_upload
    from alongside.people import imports
    from alongside.people.forms import ImportUploadForm
    from alongside.people.models import ImportBatch
    from alongside.people.tasks import check_import

    organisations = Organisation.objects.filter(pk__in=organisation_ids(request.user, PEOPLE_MANAGERS))
    form = ImportUploadForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_upload(upload, SPREADSHEET_TYPES)
            upload.seek(0)
            rows = imports.parse_file(upload, upload.name)
        except (imports.ImportFileError, ValidationError) as exc:
            form.add_error("file", exc.messages[0] if hasattr(exc, "messages") else str(exc))
        else:
            tracker = progress.start_progress(
                request.user, _("Checking %s") % upload.name[:100], total=len(rows)
            )
            batch = ImportBatch.objects.create(
                organisation=form.cleaned_data["organisation"],
                created_by=request.user,
                filename=upload.name[:200],
                rows=rows,
                total_rows=len(rows),
                progress=tracker,
            )
            check_import.enqueue(batch.pk)
            return redirect("people:import_detail", pk=batch.pk)
    batches = queries.import_batches(request.user)[:10]
    return render(request, "people/import_upload.html", {"form": form, "batches": batches})


@staff_required(*MANAGERS)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from alongside.core import services as progress
    from alongside.people.forms import ImportConfirmForm
    from alongside.people.models import ImportBatch
    from alongside.people.tasks import run_import

    batch = get_object_or_404(queries.import_batches(request.user), pk=pk)
    form = ImportConfirmForm(request.POST or None)
    if request.method == "POST" and batch.status == ImportBatch.Status.CHECKED:
        if request.POST.get("cancel"):
            ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.CANCELLED, rows=[])
            messages.success(request, _("The import was cancelled. Nothing was written."))
            return redirect("people:import_upload")
        if form.is_valid():
            mode = form.cleaned_data["mode"]
            if mode == "all" and batch.errors:
                form.add_error(
                    "mode",
                    _(
                        "Some rows need fixing. Fix the file and upload it again, "
                        "or import the good rows only."
                    ),
                )
            else:
                tracker = progress.start_progress(request.user, _("Importing %s") % batch.filename[:100])
                ImportBatch.objects.filter(pk=batch.pk).update(progress=tracker)
                run_import.enqueue(batch.pk, mode)
                return redirect("people:import_detail", pk=batch.pk)
    page = Paginator(batch.errors, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "people/import_detail.html",
        {"batch": batch, "form": form, "page": page, "bad_rows": len(batch.bad_row_numbers)},
    )
