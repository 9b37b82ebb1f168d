from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.accounts.models import Organisation, Role
from alongside.people.models import CommunityChampion, CommunityPartner
from tests.builders import create_contributor, create_organisation, create_staff, sign_in


def _staff(client, role=Role.INVOLVEMENT_STAFF):
    org = create_organisation()
    user = create_staff(org, role)
    sign_in(client, user)
    return org


FORM = {
    "name": "Hope Street Sisters",
    "type": "community",
    "communities_served": "Somali and Yemeni women in Liverpool",
    "areas": ["North West"],
    "languages": "English, Somali, Arabic",
    "partnership": ["recruitment", "translation"],
}


def test_staff_create_and_edit_a_community_partner(client):
    _staff(client)
    response = client.post(reverse("people:partner_create"), FORM)
    partner = CommunityPartner.objects.get()
    assert response.status_code == 302
    assert partner.organisation.type == Organisation.Type.COMMUNITY
    assert partner.languages == ["English", "Somali", "Arabic"]
    client.post(reverse("people:partner_edit", args=[partner.pk]), {**FORM, "type": "charity"})
    partner.refresh_from_db()
    assert partner.organisation.type == Organisation.Type.CHARITY
    page = client.get(reverse("people:partner_detail", args=[partner.pk])).content.decode()
    assert "Somali and Yemeni women" in page


def test_a_partner_needs_communities_served_and_keeps_what_was_typed(client):
    _staff(client)
    response = client.post(reverse("people:partner_create"), {**FORM, "communities_served": ""})
    assert response.status_code == 200 and "Hope Street Sisters" in response.content.decode()
    assert not Organisation.objects.filter(name="Hope Street Sisters").exists()


def test_contacts_and_champions_are_linked_to_the_partner_and_a_champion_may_be_a_contributor(client):
    org = _staff(client)
    client.post(reverse("people:partner_create"), FORM)
    partner = CommunityPartner.objects.get()
    person = create_contributor(org)
    client.post(reverse("people:partner_contact_add", args=[partner.pk]), {"name": "Amina", "role": "Chair"})
    client.post(
        reverse("people:partner_champion_add", args=[partner.pk]),
        {"name": "Hodan", "contributor_reference": person.reference},
    )
    assert partner.contacts.get().name == "Amina"
    assert CommunityChampion.objects.get().contributor == person


def test_researchers_may_read_partners_but_not_change_them(client):
    _staff(client, Role.RESEARCHER)
    assert client.get(reverse("people:partners")).status_code == 200
    assert client.post(reverse("people:partner_create"), FORM).status_code == 403


def _queries(client, n):
    start = Organisation.objects.count()
    orgs = Organisation.objects.bulk_create(
        [
            Organisation(name=f"Group {start + i}", slug=f"group-{start + i}", type="community")
            for i in range(n)
        ]
    )
    CommunityPartner.objects.bulk_create(
        [CommunityPartner(organisation=o, communities_served="x") for o in orgs]
    )
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("people:partners"))
    return len(ctx.captured_queries)


def test_partner_list_uses_the_same_number_of_queries_at_10_and_1000(client):
    _staff(client)
    assert _queries(client, 10) == _queries(client, 990)
