"""The words filters: every stored value shown as people say it, in English and in Welsh."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

from alongside.core import words
from alongside.people.choices import AccessNeed

LONDON = ZoneInfo("Europe/London")


def render(source: str, **context) -> str:
    return Template("{% load words %}" + source).render(Context(context))


@pytest.fixture
def welsh():
    with translation.override("cy"):
        yield


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (Decimal("1234.5"), "£1,234.50"),
        (Decimal("0"), "£0.00"),
        (0, "£0.00"),
        (Decimal("0.005"), "£0.01"),  # half up to the penny, as on receipts
        (Decimal("1234567.891"), "£1,234,567.89"),
        ("37.5", "£37.50"),
        (Decimal("-5"), "-£5.00"),
        (None, ""),
    ],
)
def test_money_shows_pounds_and_pence_with_separators(amount, shown):
    assert words.money(amount) == shown


def test_money_refuses_a_float():
    with pytest.raises(TypeError):
        words.money(0.1)


def test_money_refuses_what_is_not_money():
    with pytest.raises(ValueError):
        words.money("twelve")


def test_the_money_filter_in_a_template():
    assert render("{{ total|money }}", total=Decimal("92.1")) == "£92.10"


@pytest.mark.parametrize(
    ("hours", "shown"),
    [
        (Decimal("3.0"), "3 hours"),
        (Decimal("1"), "1 hour"),
        (Decimal("1.5"), "1½ hours"),
        (Decimal("0.5"), "30 minutes"),
        (Decimal("0.75"), "45 minutes"),
        (Decimal("2.25"), "2 hours 15 minutes"),
        (None, ""),
    ],
)
def test_hours_never_show_a_bare_decimal(hours, shown):
    assert words.hours(hours) == shown


@pytest.mark.parametrize(
    ("minutes", "shown"), [(45, "45 minutes"), (1, "1 minute"), (90, "1½ hours"), (120, "2 hours")]
)
def test_minutes_are_shown_in_hours_when_they_make_hours(minutes, shown):
    assert words.minutes(minutes) == shown


def test_durations_in_welsh(welsh):
    assert words.hours(Decimal("3.0")) == "3 awr"
    assert words.minutes(45) == "45 munud"
    both = words.minutes(135)
    assert both.startswith("2 awr") and both.endswith("15 munud") and "hour" not in both


def test_days_in_week_order_with_and():
    assert words.days(["thu", "tue"]) == "Tuesdays and Thursdays"
    assert words.days(["mon", "wed", "fri"]) == "Mondays, Wednesdays and Fridays"
    assert words.days("tue, thu") == "Tuesdays and Thursdays"
    assert words.days([]) == ""


def test_days_in_welsh(welsh):
    shown = words.days(["tue", "thu"])
    assert "Mawrth a " in shown and shown.endswith("Iau") and "Tuesday" not in shown


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+447911123456", "07911 123456"),
        ("+442920123456", "029 2012 3456"),
        ("+33612345678", "+33 6 12 34 56 78"),
        ("", ""),
        (None, ""),
    ],
)
def test_phone_numbers_as_people_write_them(stored, shown):
    assert words.phone(stored) == shown


def test_when_is_one_house_style_in_local_time():
    winter = datetime.datetime(2026, 12, 16, 10, 0, tzinfo=datetime.UTC)
    summer = datetime.datetime(2026, 7, 16, 16, 30, tzinfo=datetime.UTC)  # 5:30pm in London
    assert words.when(winter) == "Wednesday 16 December 2026, 10am"
    assert words.when(summer) == "Thursday 16 July 2026, 5:30pm"
    assert words.when(datetime.date(2026, 12, 16)) == "Wednesday 16 December 2026"
    assert words.when(None) == ""
    assert render('{{ at|when:"short" }}', at=summer) == "16 Jul 2026, 5:30pm"


def test_midday_and_midnight_are_words():
    assert words.clock(datetime.time(12, 0)) == "midday"
    assert words.clock(datetime.time(0, 0)) == "midnight"
    assert words.clock(datetime.time(0, 15)) == "12:15am"


def test_dates_in_welsh(welsh):
    assert words.day(datetime.date(2026, 12, 16)) == "Dydd Mercher 16 Rhagfyr 2026"


@pytest.mark.parametrize(
    ("miles", "shown"),
    [(Decimal("12.0"), "12 miles"), (1, "1 mile"), (Decimal("12.5"), "12.5 miles"), (1200, "1,200 miles")],
)
def test_miles_without_a_trailing_zero(miles, shown):
    assert words.miles(miles) == shown


def test_choices_are_shown_by_label_and_joined_with_and():
    assert render('{{ needs|labels:"AccessNeed"|and_list }}', needs=["large_print", "breaks"]) == (
        "Large print and Regular breaks"
    )
    assert words.labels(["easy_read"], AccessNeed) == ["Easy Read"]
    assert render('{{ region|label:"Region" }}', region="Wales") == "Wales"


def test_choice_labels_follow_the_language(welsh):
    assert words.labels(["large_print"], "AccessNeed") == [str(AccessNeed.LARGE_PRINT.label)]
    assert words.and_list(["un", "dau", "tri"]) == "un, dau a tri"


def test_nothing_is_shown_as_a_dash_or_the_words_given():
    assert render("{{ value|or_none }}", value=None) == "—"
    assert render('{{ value|or_none:"none given" }}', value="") == "none given"
    assert render("{{ value|or_none }}", value="Tuesday") == "Tuesday"


@pytest.mark.parametrize(("share", "shown"), [(1 / 3, "33.3%"), (1.0, "100%"), (0.05, "5%"), (0, "0%")])
def test_a_chance_is_a_percentage(share, shown):
    assert words.percent(share) == shown


@pytest.mark.parametrize(
    ("value", "shown"), [(Decimal("15.0"), "15"), (Decimal("15.50"), "15.5"), (1200, "1,200"), (2.5, "2.5")]
)
def test_numbers_never_end_in_point_nought(value, shown):
    assert words.number(value) == shown
