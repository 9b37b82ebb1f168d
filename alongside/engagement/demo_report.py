"""The demo's engagement report: staff text for each part of the national process's report, edited
once (so each part has a history), and the report published on the process's public page.

The figures are Alongside's own (``report.py``): the text never repeats a number.
"""

from __future__ import annotations

from alongside.accounts.demo import staff_user
from alongside.core.demodata import Story
from alongside.engagement import report_edits
from alongside.engagement.models import Process, ReportPart, ReportText

FIRST_DRAFT = {
    ReportPart.SUMMARY: "Draft: what we did and what we heard. To finish after the prioritisation round.",
}
TEXTS = {
    ReportPart.SUMMARY: (
        "Over five months, members of the public, carers, researchers and involvement staff worked "
        "together to decide what should change so that more people can take part in health and care "
        "research, and are treated fairly when they do.\n\n"
        "People told us that worries about payment and benefits, jargon, and meetings that only suit "
        "people who are online in the daytime keep them out. Together we turned what we heard into ideas, "
        "chose which matter most, and agreed actions in five areas. This report brings it together; the "
        "figures in it are counted from our records and kept up to date."
    ),
    ReportPart.DONE: (
        "We started with a scoping workshop, then asked everyone who wanted to take part to answer a "
        "registration survey – online, on paper with a freepost envelope, or over the phone. Three online "
        "events followed, each in small breakout groups by topic with a facilitator, and with live "
        "captions, a British Sign Language interpreter and the choice to join by phone. Finally, everyone "
        "who took part was asked to put the ideas in order."
    ),
    ReportPart.SURVEYS: (
        "The registration survey asked what gets in the way of taking part, what helps, and which of five "
        "areas for improvement matter most. Fair payment and reaching people who are seldom heard came top."
    ),
    ReportPart.THEMES: (
        "We read every written answer and coded it into themes. The quotes below are from people who said "
        "we could use their words; we never give names."
    ),
    ReportPart.IDEAS: (
        "Ideas were raised in the breakout groups at the first event, then sharpened at the second and "
        "third: similar ideas were merged and broad ones split, and every change is kept in each idea's "
        "history. The final round used the James Lind Alliance method, so public contributors, "
        "researchers and staff each count equally, whatever the size of each group."
    ),
    ReportPart.ACTIONS: (
        "The ideas placed highest became actions. Each has an owner and sits in one of five improvement "
        "areas; we will report progress on each on this page."
    ),
    ReportPart.NEXT_STEPS: (
        "Each owner will set dates for their actions by the end of action planning. We will tell everyone "
        "who took part what happened next, in the way they asked us to contact them, and hold a check-in "
        "event to review progress together."
    ),
}


def load_report_demo(story: Story, process: Process) -> None:
    if ReportText.objects.filter(process=process).exists():
        return
    team = staff_user("national@national.example")
    with story.at(-3, 10):
        for part, text in FIRST_DRAFT.items():
            report_edits.edit_text(process, part, text, by=team)
    with story.at(-1, 15):
        for part, text in TEXTS.items():
            report_edits.edit_text(process, part, text, by=team)
        report_edits.publish(process, True, by=team)
