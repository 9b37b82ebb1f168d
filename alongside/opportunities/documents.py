"""The print-ready PDF and the iCalendar file of an opportunity."""

from __future__ import annotations

import datetime

import icalendar
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.core import pdf, words
from alongside.core.absolute import absolute_url
from alongside.opportunities.models import Format, Opportunity


def _day(value: datetime.date | None) -> str:
    return words.day(value) or _("Not set")


def _where(opportunity: Opportunity) -> str:
    """Where to go, in words: a flyer has no "below" to point at (review D28)."""
    place = opportunity.location
    if opportunity.format == Format.ONLINE:
        return _("Online")
    if opportunity.format == Format.HYBRID:
        return _("%(place)s, or online") % {"place": place} if place else _("Online or in person")
    if opportunity.format == Format.PHONE:
        return _("By phone: we call you")
    if opportunity.format == Format.POST:
        return _("By post: we send you the papers")
    return place or _("We will tell you where when you apply")


def _how_to_apply(opportunity: Opportunity) -> list:
    address = absolute_url(opportunity.get_absolute_url())
    blocks = [
        pdf.Heading(_("How to apply"), 2),
        pdf.Text(_("Apply online at %(address)s") % {"address": address}),
        pdf.Text(_("Or phone or write to us and we will fill in the form with you.")),
    ]
    if opportunity.format in (Format.ONLINE, Format.HYBRID) and opportunity.contact_phone:
        blocks.append(
            pdf.Text(
                _("Not online? Phone %(phone)s to ask about taking part by phone instead.")
                % {"phone": words.phone(opportunity.contact_phone)}
            )
        )
    phone = words.phone(opportunity.contact_phone)
    contact = ", ".join(p for p in (opportunity.contact_name, phone, opportunity.contact_email) if p)
    if contact:
        blocks.append(pdf.Text(_("Contact: %(c)s") % {"c": contact}))
    return blocks


def opportunity_pdf(opportunity: Opportunity, *, large_print: bool = False) -> bytes:
    details = [
        [_("How"), opportunity.get_format_display()],
        [_("Where"), _where(opportunity)],
        [
            _("Time needed"),
            opportunity.time_needed or words.hours(opportunity.time_needed_hours) or "-",
        ],
        [
            _("Payment"),
            opportunity.payment_offered or (_("Paid for your time") if opportunity.paid else _("Unpaid")),
        ],
        [_("Closing date"), _day(opportunity.closes_on)],
        [_("Places"), str(opportunity.places) if opportunity.places else _("No fixed number")],
    ]
    blocks: list = [pdf.Text(opportunity.summary), pdf.Rows([[_("About"), ""], *details])]
    if opportunity.what_you_would_do:
        blocks += [pdf.Heading(_("What you would do"), 2), pdf.Text(opportunity.what_you_would_do)]
    if opportunity.who_we_want:
        blocks += [pdf.Heading(_("Who we would like to hear from"), 2), pdf.Text(opportunity.who_we_want)]
    sessions = list(opportunity.activities.all())
    if sessions:
        rows = [[_("Session"), _("When"), _("Length")]]
        for activity in sessions:
            when = words.when(activity.starts_at) or "-"
            rows.append([activity.title, when, words.minutes(activity.duration_minutes)])
        blocks += [pdf.Heading(_("Sessions"), 2), pdf.Rows(rows)]
    blocks += _how_to_apply(opportunity)
    return pdf.render(pdf.Document(title=opportunity.title, blocks=blocks, large_print=large_print))


def opportunity_calendar(opportunity: Opportunity, *, domain: str = "alongside") -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Alongside//Opportunities//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", opportunity.title)
    now = timezone.now()
    for activity in opportunity.activities.all():
        if not activity.starts_at:
            continue
        event = icalendar.Event()
        event.add("uid", f"activity-{activity.pk}@{domain}")
        event.add("dtstamp", now)
        event.add("dtstart", activity.starts_at)
        event.add("dtend", activity.starts_at + datetime.timedelta(minutes=activity.duration_minutes))
        event.add("summary", f"{opportunity.title}: {activity.title}")
        if activity.location:
            event.add("location", activity.location)
        event.add("description", opportunity.summary)
        calendar.add_component(event)
    return calendar.to_ical()
