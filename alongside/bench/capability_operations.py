"""Operations of the capability apps that land after the core models.

Each builder returns ``(operation, None)`` when its capability is on main and
``(None, reason)`` when it is not yet, so ``alongside bench`` runs either way.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from alongside.accounts.models import Role
from alongside.bench.operations import page


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def opportunity_page(f):
    url = _url("opportunities:detail", f.opportunity.slug)
    if url is None:
        return None, "opportunity page: no opportunities:detail URL on main yet"
    return page("page: opportunity", f.public_client, url), None


def applicant_list(f):
    url = _url("opportunities:staff_applicants", f.opportunity.pk)
    if url is None:
        return None, "applicant list: no applicant list page on main yet"
    staff = f.staff(Role.INVOLVEMENT_STAFF, f.opportunity.organisation_id)
    return page("page: applicant list", f.client_for(staff), url, writes=True), None


def applicant_list_1000(f):
    from alongside.bench import applicant_operations

    return applicant_operations.applicant_list_at(f, 1_000)


def applicant_list_10000(f):
    from alongside.bench import applicant_operations

    return applicant_operations.applicant_list_at(f, 10_000)


def payment_run(f):
    from alongside.bench import payments_operations

    return payments_operations.payment_run(f)


def print_pack(f):
    from alongside.bench import outreach_operations

    return outreach_operations.print_pack(f)


def bulk_send(f):
    from alongside.bench import outreach_operations

    return outreach_operations.bulk_send(f)


def national_representation(f):
    from alongside.bench import insights_operations

    return insights_operations.representation_query(f)


def national_representation_page(f):
    from alongside.bench import insights_operations

    return insights_operations.representation_page(f)


def region_representation_page(f):
    from alongside.bench import insights_operations

    return insights_operations.region_representation_page(f)


def survey_results(f):
    from alongside.bench import engagement_operations

    return engagement_operations.survey_results(f)


def theme_suggestions(f):
    from alongside.bench import engagement_operations

    return engagement_operations.theme_suggestions(f)


BUILDERS = [
    opportunity_page,
    applicant_list,
    applicant_list_1000,
    applicant_list_10000,
    payment_run,
    print_pack,
    bulk_send,
    national_representation,
    national_representation_page,
    region_representation_page,
    survey_results,
    theme_suggestions,
]


# Ideas: the idea board and the ideas API, first and a deep page, both sorts (engagement_operations).
def _ideas(kind: str, sort: str, deep: bool):
    def build(f):
        from alongside.bench import engagement_operations

        return getattr(engagement_operations, kind)(f, sort=sort, deep=deep)

    return build


BUILDERS += [
    _ideas(kind, sort, deep)
    for kind in ("idea_board", "ideas_api")
    for sort in ("newest", "supported")
    for deep in (False, True)
]
