"""Every message to a person goes through outreach: their channel, after commit, on their record.

The people here each asked for one way: texts, letters or email. Each hears about a new
opportunity, their application, its outcome and their payment that way, and nowhere else.
"""

from __future__ import annotations

import io
import re

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.urls import reverse
from pypdf import PdfReader

from alongside.accounts.models import Role
from alongside.opportunities import services as opportunities
from alongside.opportunities.models import Application, Opportunity
from alongside.outreach import queries
from alongside.outreach.models import Delivery, OutboxMessage, PrintPack
from alongside.payments import runs
from alongside.payments import services as payments
from alongside.people.choices import Status
from tests.builders import committed, create_contributor, create_organisation, create_staff, sign_in
from tests.opportunities.helpers import future, topic
from tests.payments.helpers import TODAY, Team, contribution, key

BASE = "http://127.0.0.1:18801"
ADDRESS = {"address_line_1": "4 Mill Lane", "town": "Leeds", "postcode": "LS1 1AA"}


@pytest.fixture(autouse=True)
def _served_on_another_port(settings):
    settings.BASE_URL = BASE


@pytest.fixture
def team():
    with time_machine.travel(TODAY, tick=False):
        yield Team()


def _person(team, channel: str, **fields):
    sleep = topic("Sleep")
    details = {
        "text": {"mobile": "07911 123456"},
        "letter": ADDRESS,
        "email": {"email": f"{channel}-{fields.get('known_as', 'x').lower()}@example.org"},
    }[channel]
    person = create_contributor(
        team.organisation,
        preferred_channels=[channel],
        interests=[sleep],
        online=True,
        **details,
        **fields,
    )
    payments.set_bank_details(
        person, account_name="A Person", sort_code="30-94-30", account_number="00733445"
    )
    return person


def _publish(team) -> Opportunity:
    opportunity = team.opportunity
    opportunity.status, opportunity.format, opportunity.closes_on = (
        Opportunity.Status.IN_REVIEW,
        "online",
        future(20),
    )
    opportunity.title = "Help us plan a sleep study"
    opportunity.save()
    opportunity.topics.add(topic("Sleep"))
    with committed():
        opportunities.approve(opportunity, by=team.checker)
    return opportunity


def _whole_story(team, people) -> Opportunity:
    """Matched, applied, selected and paid: every step a person is told about."""
    opportunity = _publish(team)
    with committed():
        for person in people:
            application = opportunities.apply(opportunity, person, why_interested="I sleep badly")
            opportunities.set_application_status(application, "selected", by=team.checker)
            done = contribution(team, person)
            claim = payments.start_claim(person, [done], by=None, key=key())
            payments.submit(claim, by=None)
            payments.check(claim, by=team.checker)
            payments.approve(claim, by=team.finance)
        runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)
    return opportunity


def _subjects(person) -> list[str]:
    return [d.message.subject for d in queries.deliveries_for(person)]


def _letter_text(delivery: Delivery) -> str:
    reader = PdfReader(io.BytesIO(delivery.print_pack.pdf.open("rb").read()))
    return " ".join(page.extract_text() for page in reader.pages)


@time_machine.travel(TODAY, tick=False)
def test_a_person_who_asked_for_texts_gets_every_notice_as_a_text(team):
    texter = _person(team, "text", known_as="Tomos")
    _whole_story(team, [texter])

    texts = [m.body for m in OutboxMessage.objects.filter(channel="text", to="+447911123456")]
    assert mail.outbox == []
    assert any("We think you might like this chance to help shape research: Help us plan" in t for t in texts)
    assert any(
        "Thank you for applying for Help us plan a sleep study. We have your application." in t for t in texts
    )
    assert any("you have been selected" in t for t in texts)
    assert any("We have sent your payment of £" in t for t in texts)
    # Every text carries the link to change or stop messages.
    assert all(f"these messages: {BASE}/messages/preferences/" in t for t in texts if "£" not in t)
    assert all(f"Change how we contact you: {BASE}/messages/preferences/" in t for t in texts if "£" in t)
    deliveries = Delivery.objects.filter(contributor=texter)
    assert {d.channel for d in deliveries} == {"text"}
    assert {d.message.kind for d in deliveries} >= {"match", "application", "outcome", "payment"}


@time_machine.travel(TODAY, tick=False)
def test_a_person_who_asked_for_letters_gets_every_notice_in_the_print_pack(team):
    writer = _person(team, "letter", known_as="Dilys", access_needs=["large_print"])
    _whole_story(team, [writer])

    letters = Delivery.objects.filter(
        contributor=writer, message__kind__in=["match", "application", "outcome", "payment"]
    ).select_related("print_pack", "message")
    assert mail.outbox == [] and not OutboxMessage.objects.exists()
    assert {d.channel for d in letters} == {"letter"}
    assert {d.message.kind for d in letters} == {"match", "application", "outcome", "payment"}
    assert all(d.status == "sent" and d.print_pack.large_print for d in letters)
    assert PrintPack.objects.filter(pk__in=[d.print_pack_id for d in letters]).count() == letters.count()
    outcome = next(d for d in letters if d.message.kind == "outcome")
    text = _letter_text(outcome)
    assert "selected" in text and "Help us plan a sleep study" in text
    # The words greet her already: the letter does not add a second "Dear …".
    assert text.count("Dear ") == 0 and "Hello Dilys" in text


@time_machine.travel(TODAY, tick=False)
def test_each_message_shows_on_the_persons_record_in_outreach(client, team):
    texter = _person(team, "text", known_as="Tomos")
    writer = _person(team, "letter", known_as="Dilys")
    _whole_story(team, [texter, writer])
    sign_in(client, create_staff(team.organisation, Role.INVOLVEMENT_STAFF))

    for person in (texter, writer):
        page = client.get(reverse("outreach:person_messages", args=[person.pk])).content.decode()
        for subject in _subjects(person):
            assert subject.split(":")[0] in page
        assert "We have your application" in page and "Your payment is on its way" in page


@time_machine.travel(TODAY, tick=False)
def test_every_link_is_absolute_on_the_configured_address_and_port(team):
    emailer = _person(team, "email", known_as="Ann")
    _whole_story(team, [emailer])

    bodies = [m.body for m in mail.outbox]
    links = [link for body in bodies for link in re.findall(r"https?://\S+", body)]
    assert len(mail.outbox) >= 6 and links
    assert all(link.startswith(BASE + "/") for link in links), links
    assert not [path for body in bodies for path in re.findall(r"(?<!\S)/[\w-]+/\S*", body)]  # no bare paths
    # The opportunity link, the applications page and the preferences link in every email.
    assert any(link.startswith(f"{BASE}/opportunities/") for link in links)
    assert all(f"{BASE}/messages/preferences/" in body for body in bodies)


@time_machine.travel(TODAY, tick=False)
def test_people_not_drawn_are_told_kindly_what_happens_next(team):
    opportunity = _publish(team)
    people = [_person(team, "email", known_as=name) for name in ("Ann", "Bea", "Cai")]
    with committed():
        applications = [opportunities.apply(opportunity, p, why_interested="x") for p in people]
    draw = opportunities.run_draw(opportunity, applications, {}, places=1, quotas=[], seed=7, by=team.checker)
    mail.outbox.clear()
    with committed():
        opportunities.apply_draw(draw, by=team.checker)

    not_drawn = Application.objects.filter(opportunity=opportunity, status="not_selected")
    assert not_drawn.count() == 2
    for application in not_drawn:
        [email] = [m for m in mail.outbox if m.to == [application.contributor.email]]
        assert "You were not drawn this time" in email.body
        assert "What happens next" in email.body and "Thank you for offering your time" in email.body
    assert sum("You have been selected" in m.subject for m in mail.outbox) == 1


@time_machine.travel(TODAY, tick=False)
def test_nothing_is_sent_or_recorded_when_the_transaction_rolls_back(team):
    texter = _person(team, "text", known_as="Tomos")
    opportunity = _publish(team)
    with committed():
        application = opportunities.apply(opportunity, texter, why_interested="x")
    claim = payments.start_claim(texter, [contribution(team, texter)], by=None, key=key())
    before = (Delivery.objects.count(), OutboxMessage.objects.count())

    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        opportunities.set_application_status(application, "selected", by=team.checker)
        payments.submit(claim, by=None)
        raise RuntimeError("something later in the same change failed")

    assert (Delivery.objects.count(), OutboxMessage.objects.count()) == before
    assert not Delivery.objects.filter(message__kind__in=["outcome", "payment"], contributor=texter).exists()


@time_machine.travel(TODAY, tick=False)
def test_a_paused_person_still_hears_about_their_application_but_not_new_opportunities(team):
    paused = _person(team, "email", known_as="Pat")
    other = _person(team, "email", known_as="Ola")
    opportunity = team.opportunity
    with committed():
        application = opportunities.apply(opportunity, paused, why_interested="x")
    paused.status = Status.PAUSED
    paused.save()
    with committed():
        opportunities.set_application_status(application, "shortlisted", by=team.checker)
        opportunities.invite(opportunity, [paused, other], by=team.checker)

    told = {d.message.kind: d.status for d in Delivery.objects.filter(contributor=paused)}
    assert told["outcome"] == "sent" and told["invitation"] == "withheld"
    assert Delivery.objects.get(contributor=other, message__kind="invitation").status == "sent"


@time_machine.travel(TODAY, tick=False)
def test_payment_notices_reach_people_who_stopped_every_other_message(client, team):
    quiet = _person(team, "email", known_as="Quinn")
    with committed():
        client.post(_preferences_link(quiet), {"action": "stop_all"})
        claim = payments.start_claim(quiet, [contribution(team, quiet)], by=None, key=key())
        payments.submit(claim, by=None)
    assert mail.outbox[-1].subject == "We have your claim" and mail.outbox[-1].to == [quiet.email]


def _preferences_link(person) -> str:
    from alongside.outreach.services import preferences_url

    return preferences_url(person, "match").removeprefix(BASE)


@time_machine.travel(TODAY, tick=False)
def test_people_from_other_organisations_hear_of_a_match_from_their_own(team):
    elsewhere = create_contributor(
        create_organisation("Home trust"),
        consents=("contact", "findable"),
        email="far@example.org",
        interests=[topic("Sleep")],
        online=True,
    )
    local = _person(team, "email", known_as="Ann")
    _publish(team)

    sent_by = {
        d.contributor_id: d.message.organisation for d in Delivery.objects.filter(message__kind="match")
    }
    assert sent_by == {elsewhere.pk: elsewhere.organisation, local.pk: team.organisation}
    assert {m.to[0] for m in mail.outbox} == {"far@example.org", local.email}


@time_machine.travel(TODAY, tick=False)
def test_the_persons_record_links_to_their_messages(client, team):
    person = _person(team, "letter", known_as="Dilys")
    sign_in(client, create_staff(team.organisation, Role.INVOLVEMENT_STAFF))
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert reverse("outreach:person_messages", args=[person.pk]) in page


def test_words_written_in_code_reach_welsh_readers_in_welsh_once_translated():
    from django.utils.translation import gettext as _

    from alongside.outreach.content import Content, in_every_language
    from alongside.outreach.services import send
    from tests.builders import create_organisation

    content = in_every_language(lambda: Content(subject=_("Privacy"), body=_("Accessibility")))
    assert content.subject == "Privacy" and content.translations == {
        "cy": {"subject": "Preifatrwydd", "body": "Hygyrchedd"}
    }
    organisation = create_organisation()
    reader = create_contributor(organisation, email="cymro@example.org", languages=["Welsh"])
    with committed():
        send("update", [reader], content, organisation=organisation)
    assert (mail.outbox[-1].subject, mail.outbox[-1].body.split("\n")[0]) == ("Preifatrwydd", "Hygyrchedd")
