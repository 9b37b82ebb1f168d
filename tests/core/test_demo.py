"""The demo tells the whole story, in every state a user would meet, and loading it again changes nothing.

One load (a few seconds) serves every check, so the suite pays for it once.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from alongside.accounts.models import Membership, Organisation, Role, User
from alongside.opportunities.models import Activity, Application, Contribution, Opportunity, SelectionDraw
from alongside.outreach.models import BuddyMatch, CallAttempt, Delivery, Loan, PrintPack
from alongside.payments import reconciliation, runs
from alongside.payments.models import Claim, ClaimEvent, Expense, Method, PaymentPreference, PaymentRun
from alongside.people.choices import Channel, ConsentPurpose, HowGiven, Status
from alongside.people.models import CommunityPartner, ConsentEvent, Contributor
from tests.builders import create_contributor

LOADED_ON = datetime.datetime(2026, 11, 10, 12, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with time_machine.travel(LOADED_ON, tick=True):
        call_command("load_demo", quiet=True)
        yield timezone.localdate()


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"accounts", "people", "outreach", "opportunities", "payments"}
    }


def test_the_demo_tells_the_whole_story_and_loading_it_again_changes_nothing(demo):
    before = _counts()
    call_command("load_demo", quiet=True)
    assert _counts() == before
    today = demo
    _people_are_a_realistic_mix()
    _opportunities_are_in_every_state(today)
    _applications_have_every_outcome_and_a_draw()
    _attendance_is_only_for_sessions_that_happened(today)
    _messages_went_out_in_every_channel()
    _claims_are_in_every_state()
    _sam_has_a_profile_an_application_and_a_payment()
    _the_second_finance_user_can_approve_the_waiting_run()
    _insights_show_gaps_in_the_north_west_with_small_groups_hidden()


def _insights_show_gaps_in_the_north_west_with_small_groups_hidden():
    """Issue 13: gaps for at least three characteristics in the demo's region, suppression visible."""
    from alongside.insights import queries
    from alongside.insights.models import Involvement

    refresh = queries.latest_refresh()
    tables = queries.representation(
        queries.Scope(region="North West"), Involvement.REGISTERED, refresh.as_at, queries.current_release()
    )
    flagged = {table.dimension.key for table in tables if table.flagged}
    assert len(flagged) >= 3, flagged
    assert any(row.count.hidden and row.count.small for table in tables for row in table.rows)
    assert any(row.partners for table in tables for row in table.flagged)


def _people_are_a_realistic_mix():
    people = Contributor.objects.all()
    assert people.count() >= 180
    first_channels = [p.preferred_channels[0] for p in people if p.preferred_channels]
    for channel in Channel.values:
        assert first_channels.count(channel) >= 0.1 * len(first_channels), channel
    regions = set(people.values_list("region", flat=True))
    assert {"North West", "Wales", "London", "Scotland"} <= regions
    assert any("Welsh" in p.languages[:1] for p in people.filter(region="Wales"))
    needs = {need for p in people for need in p.access_needs}
    assert {"large_print", "easy_read", "bsl", "hearing_loop", "step_free"} <= needs
    assert people.filter(user__isnull=False, created_via=HowGiven.ONLINE).count() >= 50
    assert people.filter(user__isnull=True, created_via__in=[HowGiven.PHONE, HowGiven.PAPER]).count() >= 50
    assert people.filter(consent_equality=True, equality__isnull=False).count() >= 0.7 * people.count()
    assert ConsentEvent.objects.filter(purpose=ConsentPurpose.EQUALITY, given=False).exists()
    assert {Status.PAUSED, Status.LEFT} <= set(people.values_list("status", flat=True))
    assert CommunityPartner.objects.filter(contacts__isnull=False).count() >= 3


def _opportunities_are_in_every_state(today):
    opportunities = Opportunity.objects.all()
    assert set(Opportunity.Status.values) <= set(opportunities.values_list("status", flat=True))
    published = opportunities.filter(status=Opportunity.Status.PUBLISHED)
    closing_soon = published.filter(closes_on__gte=today, closes_on__lte=today + datetime.timedelta(days=14))
    assert closing_soon.exists()
    assert published.filter(closes_on__gt=today + datetime.timedelta(days=14)).exists()
    assert published.filter(paid=False).exists() and published.filter(paid=True).exists()
    formats = set(Activity.objects.values_list("format", flat=True))
    assert {"online", "in_person", "phone"} <= formats
    assert opportunities.values("topics").distinct().count() >= 8
    assert Organisation.objects.get(slug="riverside").opportunities.filter(status="published").exists()


def _applications_have_every_outcome_and_a_draw():
    assert set(Application.Status.values) == set(Application.objects.values_list("status", flat=True))
    draw = SelectionDraw.objects.get()
    assert draw.applied and len(draw.selected) == draw.places
    selected = Application.objects.filter(opportunity=draw.opportunity, pk__in=draw.selected)
    assert all(a.status == Application.Status.SELECTED for a in selected)


def _attendance_is_only_for_sessions_that_happened(today):
    now = timezone.now()
    assert Activity.objects.filter(starts_at__lt=now, contributions__isnull=False).exists()
    assert Activity.objects.filter(starts_at__gt=now).exists()
    assert not Contribution.objects.filter(activity__starts_at__gt=now).exists()
    assert not Contribution.objects.filter(date__gt=today).exists()


def _messages_went_out_in_every_channel():
    done = Delivery.objects.filter(status__in=[Delivery.Status.SENT, Delivery.Status.DELIVERED])
    assert set(Channel.values) <= set(done.values_list("channel", flat=True))
    assert PrintPack.objects.filter(letters__gt=0, posted_at__isnull=False).exists()
    assert PrintPack.objects.filter(letters__gt=0, posted_at__isnull=True).exists()
    assert CallAttempt.objects.exists()
    assert done.filter(language="cy").exists()
    assert BuddyMatch.objects.exists() and Loan.objects.exists()


def _claims_are_in_every_state():
    assert set(Claim.Status.values) == set(Claim.objects.values_list("status", flat=True))
    assert {Method.BANK, Method.VOUCHER, Method.DECLINE, Method.LOWER, Method.ORGANISATION} <= set(
        Claim.objects.values_list("method", flat=True)
    )
    assert ClaimEvent.objects.filter(kind=ClaimEvent.Kind.ADJUSTED).exists()
    assert Expense.objects.exclude(receipt="").exists()
    assert PaymentPreference.objects.filter(receives_benefits=True).exists()
    northbridge = Organisation.objects.get(slug="northbridge")
    assert PaymentRun.objects.filter(organisation=northbridge, status=PaymentRun.Status.DONE).exists()
    assert reconciliation.reconcile(northbridge) == []


def _sam_has_a_profile_an_application_and_a_payment():
    sam = Contributor.objects.get(user__email="sam@public.example")
    assert sam.consent_contact and sam.preferred_channels
    assert sam.applications.filter(status=Application.Status.SELECTED).exists()
    assert sam.contributions.exists()
    assert sam.claims.filter(status=Claim.Status.PAID).exists()
    llyr = Contributor.objects.get(user__email="llyr@public.example")
    assert llyr.preferred_channels[0] == Channel.TEXT


def _the_second_finance_user_can_approve_the_waiting_run():
    run = PaymentRun.objects.get(status=PaymentRun.Status.READY)
    finance = Membership.objects.filter(organisation=run.organisation, role=Role.FINANCE, ended_at=None)
    checker = User.objects.filter(memberships__in=finance).exclude(pk=run.created_by_id).get()
    assert checker.email == "finance2@northbridge.example"
    runs.approve_run(run, by=checker)
    assert runs.process_run(run.pk).status == PaymentRun.Status.DONE


def test_a_database_where_sam_joined_by_hand_still_loads_and_keeps_what_it_has(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    create_contributor(email="sam@public.example")
    call_command("load_demo", quiet=True)
    assert User.objects.filter(email="finance2@northbridge.example").exists()
    assert Contributor.objects.count() == 1
    assert not Opportunity.objects.exists() and not Claim.objects.exists()
