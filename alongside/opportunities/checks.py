"""Checks shown while writing and at review: plain language and timing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import holidays
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.core import plain_language
from alongside.opportunities.models import Activity, JargonTerm, Opportunity, SchoolHoliday

NATION_NAMES = {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}


def organisation_jargon(organisation_id: int) -> dict[str, str]:
    return dict(JargonTerm.objects.filter(organisation_id=organisation_id).values_list("term", "plain"))


@dataclass
class WritingCheck:
    """The plain-language reports for the public text of one opportunity."""

    title: plain_language.PlainLanguageReport
    summary: plain_language.PlainLanguageReport
    body: plain_language.PlainLanguageReport

    @property
    def blocking_acronyms(self) -> list[str]:
        found = []
        for acronym in self.title.unexplained_acronyms + self.summary.unexplained_acronyms:
            if acronym not in found:
                found.append(acronym)
        return found

    @property
    def has_problems(self) -> bool:
        return self.title.has_problems or self.summary.has_problems or self.body.has_problems


def check_writing(
    *, organisation_id: int, title: str, summary: str, what_you_would_do: str = "", who_we_want: str = ""
) -> WritingCheck:
    extra = organisation_jargon(organisation_id)
    body = "\n".join(t for t in (what_you_would_do, who_we_want) if t)
    return WritingCheck(
        title=plain_language.check(title, extra),
        summary=plain_language.check(summary, extra),
        body=plain_language.check(body, extra),
    )


def check_opportunity(opportunity: Opportunity) -> WritingCheck:
    return check_writing(
        organisation_id=opportunity.organisation_id,
        title=opportunity.title,
        summary=opportunity.summary,
        what_you_would_do=opportunity.what_you_would_do,
        who_we_want=opportunity.who_we_want,
    )


def _bank_holidays(nation: str, years: set[int]) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv=nation, years=sorted(years))


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def timing_warnings(
    *,
    organisation_id: int,
    nation: str,
    closes_on: datetime.date | None,
    activities: list[Activity] | tuple = (),
) -> list[str]:
    """Warnings when a closing date or a session is on or next to a bank holiday or in school holidays."""
    dates: list[tuple[str, datetime.date]] = []
    if closes_on:
        dates.append((_("The closing date"), closes_on))
    for activity in activities:
        if activity.starts_at:
            dates.append(
                (_("The session “%(title)s”") % {"title": activity.title}, _local_date(activity.starts_at))
            )
    if not dates:
        return []
    years = {d.year + delta for _label, d in dates for delta in (-1, 0, 1)}
    bank = _bank_holidays(nation, years)
    breaks = list(SchoolHoliday.objects.filter(organisation_id=organisation_id))
    warnings = []
    for label, day in dates:
        warnings.extend(_bank_holiday_warnings(label, day, bank, nation))
        for school in breaks:
            if school.starts_on <= day <= school.ends_on:
                warnings.append(
                    _("%(what)s (%(day)s) is in the school holidays (%(name)s).")
                    % {"what": label, "day": day.strftime("%-d %B %Y"), "name": school.name}
                )
    return warnings


def _bank_holiday_warnings(label: str, day: datetime.date, bank, nation: str) -> list[str]:
    for offset, words in ((0, _("on")), (-1, _("the day after")), (1, _("the day before"))):
        near = day + datetime.timedelta(days=offset)
        if near in bank:
            return [
                _("%(what)s (%(day)s) is %(when)s %(holiday)s, a bank holiday in %(nation)s.")
                % {
                    "what": label,
                    "day": day.strftime("%-d %B %Y"),
                    "when": words,
                    "holiday": bank.get(near),
                    "nation": NATION_NAMES.get(nation, nation),
                }
            ]
    return []


def opportunity_timing(opportunity: Opportunity) -> list[str]:
    return timing_warnings(
        organisation_id=opportunity.organisation_id,
        nation=opportunity.nation,
        closes_on=opportunity.closes_on,
        activities=list(opportunity.activities.all()),
    )
