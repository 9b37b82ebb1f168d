import pytest

from alongside.people import services
from alongside.people.models import ApiToken, Contributor
from tests.builders import create_contributor, create_organisation


@pytest.fixture
def org():
    return create_organisation()


@pytest.fixture
def token(org):
    _, raw = services.create_api_token(org, name="CRM")
    return raw


def _auth(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_tokens_are_stored_hashed(org, token):
    stored = ApiToken.objects.get()
    assert token not in (stored.token_hash, stored.prefix) and stored.token_hash == services.hash_token(token)


def test_an_organisation_reads_its_own_contributors_paginated(client, org, token):
    for _ in range(3):
        create_contributor(org)
    create_contributor(create_organisation(), first_name="Outsider")
    response = client.get("/api/people/contributors", **_auth(token))
    data = response.json()
    assert response.status_code == 200 and data["count"] == 3
    assert "Outsider" not in response.content.decode()
    assert ApiToken.objects.get().last_used_at is not None


def test_another_organisations_contributor_is_not_found(client, org, token):
    other = create_contributor(create_organisation(), first_name="Outsider", email="out@example.org")
    assert client.get(f"/api/people/contributors/{other.reference}", **_auth(token)).status_code == 404
    response = client.post(
        "/api/people/contributors",
        {"reference": other.reference, "first_name": "Changed"},
        content_type="application/json",
        **_auth(token),
    )
    assert response.status_code == 404
    assert Contributor.objects.get(pk=other.pk).first_name == "Outsider"


def test_upsert_creates_then_updates_by_reference_or_email(client, org, token):
    body = {"first_name": "Kim", "email": "kim@example.org", "postcode": "EH1 1YZ"}
    response = client.post("/api/people/contributors", body, content_type="application/json", **_auth(token))
    assert response.status_code == 201
    reference = response.json()["reference"]
    assert response.json()["region"] == "Scotland"
    response = client.post(
        "/api/people/contributors",
        {**body, "last_name": "Ng"},
        content_type="application/json",
        **_auth(token),
    )
    assert response.status_code == 200 and response.json()["reference"] == reference
    assert Contributor.objects.get(reference=reference).last_name == "Ng"


def test_requests_without_a_valid_token_are_refused(client, org, token):
    create_contributor(org)
    assert client.get("/api/people/contributors").status_code == 401
    assert client.get("/api/people/contributors", **_auth("alg_wrong")).status_code == 401
    ApiToken.objects.update(revoked_at="2026-01-01T00:00:00Z")
    assert client.get("/api/people/contributors", **_auth(token)).status_code == 401


def test_the_api_never_shows_a_findable_person_of_another_organisation(client, org, token):
    person = create_contributor(create_organisation(), first_name="Zebedee", consents=("findable",))
    body = client.get("/api/people/contributors", **_auth(token)).content.decode()
    assert "Zebedee" not in body
    assert client.get(f"/api/people/contributors/{person.reference}", **_auth(token)).status_code == 404


def test_the_openapi_description_lists_the_contributor_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/people/contributors" in paths
