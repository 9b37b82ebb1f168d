"""The paper survey: every survey as a print-ready PDF (standard or large print) with its freepost address.

Built through ``alongside.core.pdf`` like every other document. Options are printed as a table
with a box to tick (or to number, for rankings), so the form reads the same to a sighted reader
and to staff keying the answers in.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alongside.core import pdf
from alongside.engagement import queries
from alongside.engagement.models import Question, Survey

K = Question.Kind


def survey_pdf(survey: Survey, *, large_print: bool = False) -> bytes:
    blocks: list = [pdf.Text(survey.introduction), *_how_to_answer(survey)]
    questions = queries.questions(survey)
    for number, question in enumerate(questions, start=1):
        blocks += _question(number, question)
    blocks += _return_it(survey)
    return pdf.render(pdf.Document(title=survey.title, blocks=blocks, large_print=large_print))


def _how_to_answer(survey: Survey) -> list:
    blocks = [pdf.Heading(_("How to answer"), 2)]
    lines = [
        _("Write your answers in the boxes. Leave out any question marked optional if you wish."),
        _("When you have finished, post the form back to us. You do not need a stamp."),
    ]
    if survey.anonymous:
        lines.append(_("Please do not write your name: your answers are anonymous."))
    else:
        lines.append(
            _(
                "Please write your reference number (it is on our letters to you), "
                "so we count your answers once."
            )
        )
    if survey.phone_number:
        lines.append(_("You can also answer by phone: ring %(phone)s.") % {"phone": survey.phone_number})
    blocks.append(pdf.Bullets(lines))
    if not survey.anonymous:
        blocks.append(pdf.Box(_("Your reference number"), lines=1))
    return blocks


def _question(number: int, question: Question) -> list:
    optional = "" if question.required else " " + _("(optional)")
    blocks: list = [pdf.Heading(f"{number}. {question.text}{optional}", 3)]
    if question.shown_if_id:
        condition = question.shown_if
        blocks.append(
            pdf.Text(
                _("Answer this only if you answered “%(option)s” to question %(n)s.")
                % {"option": condition.label, "n": condition.question.position}
            )
        )
    if question.hint:
        blocks.append(pdf.Text(question.hint))
    blocks += _answer_space(question)
    return blocks


def _answer_space(question: Question) -> list:
    labels = [option.label for option in question.options.all()]
    kind = question.kind
    if kind in {K.SINGLE, K.SCALE}:
        return [pdf.Rows([[_("Tick one"), _("Answer")], *[["", label] for label in labels]])]
    if kind == K.MULTIPLE:
        return [pdf.Rows([[_("Tick any"), _("Answer")], *[["", label] for label in labels]])]
    if kind == K.CHOOSE_UP_TO:
        limit = question.max_choices or len(labels)
        head = ngettext("Tick up to %(n)s", "Tick up to %(n)s", limit) % {"n": limit}
        return [pdf.Rows([[head, _("Answer")], *[["", label] for label in labels]])]
    if kind == K.RANK:
        return [
            pdf.Text(_("Write 1 next to the one that matters most to you, 2 next to the next, and so on.")),
            pdf.Rows([[_("Your number"), _("Option")], *[["", label] for label in labels]]),
        ]
    if kind == K.NUMBER:
        return [pdf.Box(_("Write a number"), lines=1)]
    if kind == K.DATE:
        return [pdf.Box(_("Day, month and year, for example 27 3 2026"), lines=1)]
    if kind == K.EQUALITY:
        return [pdf.Text(_("The questions about you are on a separate sheet. You can leave them out."))]
    return [pdf.Box(_("Your answer"), lines=2 if kind == K.SHORT_TEXT else 8)]


def _return_it(survey: Survey) -> list:
    blocks = [pdf.Heading(_("Thank you"), 2)]
    if survey.ask_to_quote:
        blocks.append(
            pdf.Rows(
                [
                    [_("Tick one"), _("May we quote your words, without your name?")],
                    ["", _("Yes, you may quote me")],
                    ["", _("No, please do not quote me")],
                ]
            )
        )
    blocks.append(pdf.Text(_("Please post this form, with no stamp, to:")))
    blocks.append(pdf.Text("\n".join(line.strip() for line in survey.freepost_address.splitlines())))
    if survey.closes_on:
        blocks.append(pdf.Text(_("Please send it by %(day)s.") % {"day": f"{survey.closes_on:%-d %B %Y}"}))
    return blocks
