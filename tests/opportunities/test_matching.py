"""Matching and invitations: told through their channel, with consent, at most once per opportunity."""

from __future__ import annotations

from django.core import mail

from alongside.accounts.models import Role
from alongside.opportunities import services
from alongside.opportunities.models import MatchNotice, Opportunity
from tests.builders import create_contributor, create_opportunity, create_organisation, create_staff
from tests.opportunities.helpers import future, topic


def _person(org, *, interests=(), consents=("contact",), **fields):
    fields.setdefault("online", True)
    return create_contributor(org, consents=consents, interests=interests, **fields)


def test_people_who_match_a_newly_published_opportunity_are_told_once(django_capture_on_commit_callbacks):
    org = create_organisation()
    sleep, diabetes = topic("Sleep"), topic("Diabetes")
    match = _person(org, interests=[sleep], email="match@example.org")
    _person(org, interests=[diabetes], email="other-topic@example.org")
    _person(org, interests=[sleep], email="no-consent@example.org", consents=())
    _person(org, interests=[sleep], email="offline@example.org", online=False, in_person=True)
    phone_person = _person(org, interests=[sleep], landline="01632 960003", preferred_channels=["phone"])
    staff = create_staff(org, Role.INVOLVEMENT_STAFF)
    o = create_opportunity(org, status=Opportunity.Status.DRAFT, format="online", closes_on=future(20))
    o.topics.add(sleep)
    services.submit_for_review(o, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(o, by=staff)
    assert [m.to for m in mail.outbox] == [[match.email]]
    notices = {n.contributor_id: n for n in MatchNotice.objects.filter(opportunity=o)}
    assert set(notices) == {match.pk, phone_person.pk}
    # Told in their own way: a phone call on the staff call list.
    assert notices[phone_person.pk].sent is True and notices[phone_person.pk].channel == "phone"
    # Running again tells nobody twice.
    assert services.notify_matches(o) == 0
    assert len(mail.outbox) == 1


