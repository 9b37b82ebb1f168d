"""Coding written answers: themes made, renamed, merged and split; quotes only with consent; suggestions."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from alongside.engagement import suggestions, themes
from alongside.engagement.models import Answer, Suggestion
from tests.builders import sign_in
from tests.engagement.helpers import K, create_survey, engager, record

pytestmark = pytest.mark.django_db

WORDS = {
    "money": [
        "Payments come late",
        "I worry about my benefits being cut",
        "Late payment of expenses",
        "Benefits advice was missing",
    ],
    "words": [
        "Too much jargon",
        "The papers used jargon and acronyms",
        "Long papers full of jargon",
        "Acronyms everywhere",
    ],
    "online": [
        "I have no computer",
        "Video calls are hard",
        "My internet connection is poor",
        "Online only meetings exclude me",
    ],
}


def _coded_survey():
    survey = create_survey(anonymous=True, questions=[{"kind": K.LONG_TEXT, "text": "What gets in the way?"}])
    for n, text in enumerate(sum(WORDS.values(), [])):
        record(survey, {1: text}, may_quote=n % 2 == 0)
    return survey, survey.questions.get()


def _ids(question, *texts):
    return list(Answer.objects.filter(question=question, text__in=texts).values_list("pk", flat=True))


def test_themes_are_created_merged_and_split():
    _survey, question = _coded_survey()
    money = themes.create_theme(question, "Money", answer_ids=_ids(question, *WORDS["money"][:2]))
    benefits = themes.create_theme(question, "Benefits", answer_ids=_ids(question, *WORDS["money"][2:]))
    themes.merge(money, [benefits])
    assert money.answers.count() == 4 and not question.themes.filter(name="Benefits").exists()
    split = themes.split(
        money,
        "Benefits advice",
        _ids(question, "I worry about my benefits being cut", "Benefits advice was missing"),
    )
    assert split.answers.count() == 2 and money.answers.count() == 2
    themes.rename_theme(money, "Late payment")
    with pytest.raises(ValidationError):
        themes.rename_theme(split, "late payment")


def test_a_quote_needs_the_persons_agreement():
    _survey, question = _coded_survey()
    agreed = Answer.objects.get(question=question, text=WORDS["money"][0])
    refused = Answer.objects.get(question=question, text=WORDS["money"][1])
    themes.mark_quote(agreed)
    assert Answer.objects.get(pk=agreed.pk).is_quote
    with pytest.raises(ValidationError):
        themes.mark_quote(refused)
    assert not Answer.objects.get(pk=refused.pk).is_quote


def test_suggestions_group_similar_answers():
    texts = sum(WORDS.values(), []) * 3
    groups = suggestions.suggest(texts, groups=3)
    assert sum(len(g.members) for g in groups) == len(texts)
    together = [{texts[i] for i in g.members} for g in groups]
    assert any({"Too much jargon", "Long papers full of jargon"} <= members for members in together)
    assert all(g.keywords for g in groups)


def test_staff_ask_for_suggestions_then_accept_edit_or_ignore_each(client):
    survey, question = _coded_survey()
    sign_in(client, engager(survey.organisation))
    url = reverse("engagement:staff_theme_action", args=[survey.pk, question.pk])
    with __import__("django.test", fromlist=["TestCase"]).TestCase.captureOnCommitCallbacks(execute=True):
        client.post(url, {"action": "suggest"})
    run = question.suggestion_runs.get()
    assert run.status == "done" and run.answers_read == 12
    first, second = list(run.suggestions.all())[:2]
    client.post(url, {"action": "accept", "suggestion": first.pk, "name": "My own name"})
    client.post(url, {"action": "ignore", "suggestion": second.pk})
    theme = question.themes.get(name="My own name")
    assert theme.answers.count() == first.answers.count()
    assert Suggestion.objects.get(pk=second.pk).state == Suggestion.State.IGNORED
    page = client.get(reverse("engagement:staff_themes", args=[survey.pk, question.pk])).content.decode()
    assert "My own name" in page


def test_staff_code_answers_by_ticking_them(client):
    survey, question = _coded_survey()
    sign_in(client, engager(survey.organisation))
    theme = themes.create_theme(question, "Jargon")
    url = reverse("engagement:staff_theme_action", args=[survey.pk, question.pk])
    client.post(url, {"action": "assign", "theme": theme.pk, "answers": _ids(question, *WORDS["words"])})
    assert theme.answers.count() == 4
    page = client.get(
        reverse("engagement:staff_themes", args=[survey.pk, question.pk]) + "?show=uncoded"
    ).content.decode()
    assert "Too much jargon" not in page and "Video calls are hard" in page
