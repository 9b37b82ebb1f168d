"""Keeping the denormalised search rows (``SearchEntry``) in step with contributors."""

from __future__ import annotations

from alongside.db_routers import record_search_exit
from alongside.people import searchcodes as codes
from alongside.people.choices import Status
from alongside.people.models import Contributor, EqualityMonitoring, SearchEntry


def is_searchable(contributor: Contributor) -> bool:
    return bool(
        contributor.consent_findable and contributor.status == Status.ACTIVE and contributor.erased_at is None
    )


def _base_values(contributor: Contributor, equality: EqualityMonitoring | None) -> dict:
    modes = (
        (codes.ONLINE if contributor.online else 0)
        | (codes.PHONE if contributor.by_phone else 0)
        | (codes.IN_PERSON if contributor.in_person else 0)
    )
    needs = codes.mask(contributor.access_needs, codes.NEED_BIT)
    if contributor.access_needs_other.strip():
        needs |= codes.OTHER_NEED_BIT
    values = {
        "contributor_id": contributor.pk,
        "organisation_id_copy": contributor.organisation_id,
        "region": codes.REGION.get(contributor.region, 0),
        "modes": modes,
        "days": codes.mask(contributor.available_days, codes.DAY_BIT),
        "needs": needs,
        "travel_miles": contributor.travel_miles or 0,
    }
    # Equality answers are searchable only while the equality consent stands.
    if equality is not None and contributor.consent_equality:
        values["ethnic"] = codes.ETHNIC.get(equality.ethnic_group_high, 0)
        values["disability"] = codes.DISABILITY.get(equality.disability, 0)
        values["birth_year"] = equality.year_of_birth or 0
    return values


def entries_for(contributor: Contributor, experience_ids, topic_ids, equality) -> list[SearchEntry]:
    base = _base_values(contributor, equality)
    tags = [SearchEntry.EVERYONE]
    tags += [SearchEntry.EXPERIENCE_BASE + pk for pk in experience_ids]
    tags += [SearchEntry.TOPIC_BASE + pk for pk in topic_ids]
    return [SearchEntry(tag=tag, **base) for tag in tags]


def refresh_search(contributor: Contributor) -> None:
    """Rewrite the person's search rows; called inside the service transaction that changed them."""
    removed, _ = SearchEntry.objects.filter(contributor_id=contributor.pk).delete()
    if removed:
        # They may have left search, or be findable by less: the replica must not lag behind that.
        record_search_exit()
    contributor = Contributor.objects.get(pk=contributor.pk)
    if not is_searchable(contributor):
        return
    equality = EqualityMonitoring.objects.filter(contributor=contributor).first()
    experience_ids = contributor.lived_experience.values_list("pk", flat=True)
    topic_ids = contributor.interests.values_list("pk", flat=True)
    SearchEntry.objects.bulk_create(entries_for(contributor, experience_ids, topic_ids, equality))


def rebuild_search_index(queryset=None, batch_size: int = 5000) -> int:
    """Rebuild the rows for many contributors at once (after a bulk load, or to repair). Returns rows."""
    queryset = (queryset if queryset is not None else Contributor.objects.all()).order_by("pk")
    through_exp = Contributor.lived_experience.through
    through_topic = Contributor.interests.through
    written = 0
    last_pk = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last_pk).select_related("equality")[:batch_size])
        if not chunk:
            return written
        last_pk = chunk[-1].pk
        ids = [c.pk for c in chunk]
        if SearchEntry.objects.filter(contributor_id__in=ids).delete()[0]:
            record_search_exit()
        experiences: dict[int, list[int]] = {}
        for cid, eid in through_exp.objects.filter(contributor_id__in=ids).values_list(
            "contributor_id", "livedexperience_id"
        ):
            experiences.setdefault(cid, []).append(eid)
        topics: dict[int, list[int]] = {}
        for cid, tid in through_topic.objects.filter(contributor_id__in=ids).values_list(
            "contributor_id", "topic_id"
        ):
            topics.setdefault(cid, []).append(tid)
        rows = []
        for contributor in chunk:
            if is_searchable(contributor):
                equality = getattr(contributor, "equality", None)
                rows += entries_for(
                    contributor, experiences.get(contributor.pk, []), topics.get(contributor.pk, []), equality
                )
        SearchEntry.objects.bulk_create(rows, batch_size=2000)
        written += len(rows)
