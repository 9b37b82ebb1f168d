"""Selection: applicants with answers, an anonymised mix, statuses, and everyone told the outcome."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from alongside.accounts.models import AccessLog, Role
from alongside.opportunities import selection, services
from alongside.opportunities.models import Application
from alongside.outreach import queries as outreach_queries
from alongside.outreach.models import Delivery
from alongside.people.models import EqualityMonitoring
from tests.builders import create_contributor, create_organisation, create_staff, sign_in
from tests.opportunities.helpers import published


def _with_equality(org, n, *, region="London", year=1980, ethnic="white_british", consent=True, **fields):
    people = []
    for i in range(n):
        consents = ("contact", "equality") if consent else ("contact",)
        c = create_contributor(
            org, consents=consents, email=f"p{i}-{region[:3]}-{ethnic[:3]}@example.org", **fields
        )
        c.region = region
        c.save()
        if consent:
            EqualityMonitoring.objects.create(
                contributor=c, year_of_birth=year, ethnic_group=ethnic, disability="no"
            )
        people.append(c)
    return people


def test_staff_see_answers_and_an_anonymised_mix_with_small_numbers_hidden(client):
    org = create_organisation()
    o = published(org, who_we_want="Younger people and people from Black communities")
    for c in _with_equality(org, 16, region="London", ethnic="white_british"):
        services.apply(o, c, why_interested="Because of my dad")
    for c in _with_equality(org, 3, region="Wales", ethnic="black_african"):
        services.apply(o, c, why_interested="For my community")
    for c in _with_equality(org, 1, region="Wales", consent=False):
        services.apply(o, c, why_interested="No equality answers")
    staff = create_staff(org, Role.INVOLVEMENT_STAFF)
    sign_in(client, staff)
    page = client.get(reverse("opportunities:staff_applicants", args=[o.pk])).content.decode()
    assert "Because of my dad" in page and "For my community" in page
    assert "Younger people and people from Black communities" in page
    # 20 applicants, published by the registry's rule: rounded, with groups under 10 left out.
    assert "London: about 10" in page or "London: about 20" in page
    black = "Black, Black British, Black Welsh, Caribbean or African"
    for exact in ("London: 16", "Wales: 4", "Wales: 3", f"{black}: 3"):
        assert exact not in page
    mix = selection.mix_summary(Application.objects.filter(opportunity=o).select_related("contributor"))
    # The one person without equality consent: hidden, or one time in ten rounded up to "about 10".
    assert dict(mix["ethnic_group"]).get("Not given") in (None, "about 10")
    assert AccessLog.objects.filter(actor=staff, purpose="applicants").count() == 20


def test_not_selected_needs_a_reason_and_the_person_gets_a_kind_email(
    client, django_capture_on_commit_callbacks
):
    org = create_organisation()
    o = published(org, title="Sleep panel")
    c = create_contributor(org, email="amal@example.org", known_as="Amal")
    application = services.apply(o, c, why_interested="x")
    sign_in(client, create_staff(org, Role.INVOLVEMENT_STAFF))
    url = reverse("opportunities:staff_application", args=[application.pk])
    page = client.post(
        url, {"status": "not_selected", "reason": "", "message": "Thank you so much"}
    ).content.decode()
    assert "Give a reason" in page and "Thank you so much" in page
    with django_capture_on_commit_callbacks(execute=True):
        with_capture = client.post(
            url,
            {
                "status": "not_selected",
                "reason": "We had many applicants from your area.",
                "message": "Thank you so much",
            },
        )
    assert with_capture.status_code == 302
    application.refresh_from_db()
    assert application.status == "not_selected" and application.notified_at
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].to == ["amal@example.org"]
    assert "Hello Amal" in body and "Sleep panel" in body and "We had many applicants from your area." in body
    assert "Thank you for offering your time" in body  # kind, and says what happens next
    assert "What happens next" in body


def test_every_status_change_tells_the_person(django_capture_on_commit_callbacks):
    org = create_organisation()
    o = published(org)
    c = create_contributor(org, email="a@example.org")
    application = services.apply(o, c, why_interested="x")
    staff = create_staff(org, Role.INVOLVEMENT_STAFF)
    with django_capture_on_commit_callbacks(execute=True):
        for status in ("shortlisted", "selected", "withdrawn"):
            services.set_application_status(application, status, by=staff)
    assert [m.subject for m in mail.outbox] == [
        f"You are on the shortlist: {o.title}",
        f"You have been selected: {o.title}",
        f"Your application has been withdrawn: {o.title}",
    ]


def test_people_nobody_can_reach_are_listed_for_staff_and_the_others_hear_in_their_own_way(
    client, django_capture_on_commit_callbacks
):
    org = create_organisation()
    o = published(org)
    by_phone = create_contributor(org, landline="01632 960002", preferred_channels=["phone"], known_as="Bryn")
    no_details = create_contributor(org, preferred_channels=["letter"], known_as="Ceri")
    staff = create_staff(org, Role.INVOLVEMENT_STAFF)
    apps = [
        services.apply(o, by_phone, why_interested="x"),
        services.apply(o, no_details, why_interested="y"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        for a in apps:
            services.set_application_status(a, "selected", by=staff)
    assert mail.outbox == []
    call = Delivery.objects.get(contributor=by_phone, message__kind="outcome")
    assert (call.channel, call.status) == ("phone", "sent")  # on the staff call list
    assert list(Application.objects.filter(needs_contact=True)) == [apps[1]]
    sign_in(client, staff)
    page = client.get(reverse("opportunities:staff_applicants", args=[o.pk])).content.decode()
    to_contact = page.split("To phone or write to")[1].split("<h2")[0]
    assert "Ceri" in to_contact and "Bryn" not in to_contact
    client.post(reverse("opportunities:staff_mark_contacted", args=[apps[1].pk]))
    apps[1].refresh_from_db()
    assert not apps[1].needs_contact and apps[1].notified_at


def test_each_outcome_is_on_the_persons_message_record(django_capture_on_commit_callbacks):
    org = create_organisation()
    o = published(org)
    c = create_contributor(org, email="d@example.org")
    application = services.apply(o, c, why_interested="x")
    with django_capture_on_commit_callbacks(execute=True):
        services.set_application_status(application, "shortlisted", by=None)
    kinds = [d.message.kind for d in outreach_queries.deliveries_for(c)]
    assert kinds == ["outcome", "application"]
    assert [m.subject for m in mail.outbox] == [f"You are on the shortlist: {o.title}"]


def test_the_mix_is_compared_with_the_opportunitys_own_targets(client):
    org = create_organisation()
    o = published(org, targets="region, London, 2, 40\nregion, Wales, 1, 2\nregion, Scotland, 10, 12")
    for c in _with_equality(org, 30, region="London"):
        services.apply(o, c, why_interested="x")
    sign_in(client, create_staff(org, Role.INVOLVEMENT_STAFF))
    page = client.get(reverse("opportunities:staff_applicants", args=[o.pk])).content.decode()
    assert "targets and the applicants so far" in page
    assert "<td>London</td><td>2–40</td><td>about 30</td>" in page.replace("\n", "")
    assert "not enough yet" in page  # nobody from Scotland: fewer than 10 is surely short of 10
    assert "too few to tell" in page  # nobody from Wales, but "fewer than 10" may meet a minimum of 1
    draw_page = client.get(reverse("opportunities:staff_draw", args=[o.pk])).content.decode()
    assert "region, Wales, 1, 2" in draw_page


def test_badly_written_targets_are_explained_next_to_the_field(client):
    from tests.opportunities.helpers import valid_form_data

    org = create_organisation()
    sign_in(client, create_staff(org, Role.RESEARCHER))
    page = client.post(
        reverse("opportunities:staff_new"), valid_form_data(org, targets="region London two")
    ).content.decode()
    assert "Line 1: write feature, value, minimum, maximum" in page and "region London two" in page
