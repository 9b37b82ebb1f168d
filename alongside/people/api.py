"""API for an organisation's own contributors: read (paginated) and upsert, with an API token.

Another organisation's contributor is answered with 404, exactly like an unknown reference.
"""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer

from alongside.people import services
from alongside.people.choices import HowGiven
from alongside.people.models import Contributor


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        return services.authenticate_token(token)


router = Router(auth=TokenAuth(), tags=["contributors"])


class ContributorOut(Schema):
    reference: str
    first_name: str
    last_name: str
    known_as: str
    email: str
    mobile: str
    landline: str
    postcode: str
    region: str
    status: str
    preferred_channels: list[str]
    access_needs: list[str]
    consent_contact: bool
    consent_findable: bool
    consent_newsletter: bool


class ContributorIn(Schema):
    reference: str | None = None
    first_name: str
    last_name: str = ""
    known_as: str = ""
    email: str = ""
    mobile: str = ""
    landline: str = ""
    postcode: str = ""
    preferred_channels: list[str] = []
    access_needs: list[str] = []


def _own(request):
    return Contributor.objects.filter(organisation=request.auth.organisation, erased_at__isnull=True)


@router.get("/contributors", response=list[ContributorOut])
@paginate(PageNumberPagination, page_size=50)
def list_contributors(request):
    return _own(request).order_by("pk")


@router.get("/contributors/{reference}", response=ContributorOut)
def get_contributor(request, reference: str):
    return get_object_or_404(_own(request), reference=reference)


@router.post("/contributors", response={200: ContributorOut, 201: ContributorOut})
def upsert_contributor(request, payload: ContributorIn):
    """Create a contributor, or update one of your own when ``reference`` (or the email) matches."""
    data = payload.dict()
    reference = data.pop("reference", None)
    with transaction.atomic():
        if reference:
            existing = get_object_or_404(_own(request), reference=reference)
        else:
            existing = _own(request).filter(email__iexact=data["email"]).first() if data["email"] else None
        if existing is not None:
            services.update_profile(existing, how=HowGiven.IMPORT, note="API", **data)
            return Status(200, existing)
        contributor = services.create_contributor(
            organisation=request.auth.organisation, how=HowGiven.IMPORT, **data
        )
    return Status(201, contributor)
