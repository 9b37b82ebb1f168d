"""API for an organisation's own contributors: read (paginated) and upsert, with an API token.

Another organisation's contributor is answered with 404, exactly like an unknown reference.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer

from alongside.people import cleaning, services
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
    address_line_1: str
    address_line_2: str
    town: str
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
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""
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


def _unprocessable(exc: ValidationError) -> NinjaValidationError:
    """The same problems a form would show, as the API's 422 answer: one entry per field."""
    return NinjaValidationError(
        [
            {"loc": ["body", "payload", field], "msg": message, "type": "value_error"}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    )


@router.post("/contributors", response={200: ContributorOut, 201: ContributorOut})
def upsert_contributor(request, payload: ContributorIn):
    """Create a contributor, or update one of your own when ``reference`` (or the email) matches.
    Details are checked and tidied as the forms do (``people.cleaning``): bad ones get 422 with a
    message per field, and only the fields sent are changed."""
    data = payload.dict(exclude_unset=True)
    reference = data.pop("reference", None)
    try:
        details = cleaning.clean_contributor(data)
        with transaction.atomic():
            existing = _existing(request, reference, details.get("email"))
            if existing is not None:
                services.update_profile(existing, how=HowGiven.IMPORT, note="API", **details)
                return Status(200, existing)
            contributor = services.create_contributor(
                organisation=request.auth.organisation, how=HowGiven.IMPORT, **details
            )
    except ValidationError as exc:
        raise _unprocessable(exc) from exc
    return Status(201, contributor)


def _existing(request, reference: str | None, email: str | None) -> Contributor | None:
    if reference:
        return get_object_or_404(_own(request), reference=reference)
    return _own(request).filter(email__iexact=email).first() if email else None
