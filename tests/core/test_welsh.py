import io
import re
from html import unescape
from pathlib import Path

import pytest
from babel.messages.extract import extract_python
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils.translation.template import templatize

from alongside.core import i18n_compile

PO_PATH = i18n_compile.LOCALE_DIR / "cy" / "LC_MESSAGES" / "django.po"


@pytest.fixture
def welsh(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    return client


def test_the_home_page_in_welsh_shows_welsh_text(welsh):
    html = welsh.get("/").content.decode()
    assert '<html lang="cy">' in html
    assert "Cymryd rhan mewn ymchwil iechyd a gofal" in html
    assert "Neidio i'r prif gynnwys" in html or "Neidio i&#x27;r prif gynnwys" in html
    assert "Get involved in health and care research" not in html


@pytest.mark.parametrize(
    ("url", "welsh_heading"),
    [
        ("/help/", "Help a chysylltu"),
        ("/accessibility/", "Datganiad hygyrchedd"),
        ("/privacy/", "Sut rydyn ni"),
        ("/join/", "Dod yn gyfrannwr cyhoeddus"),
        ("/opportunities/", "Dod o hyd i gyfleoedd"),
        ("/accounts/login/", "Mewngofnodi"),
        ("/no-such-page/", "Heb ddod o hyd i"),
    ],
)
def test_public_pages_have_welsh_headings(welsh, url, welsh_heading):
    html = welsh.get(url).content.decode()
    assert welsh_heading in html, url


def test_the_join_form_asks_its_questions_in_welsh(welsh):
    html = welsh.get("/join/").content.decode()
    for welsh_text in ("Enw cyntaf", "Sut i gysylltu", "Cod post", "Print bras"):
        assert welsh_text in html


def test_the_switcher_offers_english_back_in_english(welsh):
    html = welsh.get("/").content.decode()
    assert re.search(r'value="en-gb"[^>]*lang="en">English<', html)


def test_the_compiled_welsh_catalogue_matches_its_source():
    assert i18n_compile.main(["--check"]) == 0


def test_every_welsh_translation_keeps_the_placeholders_of_the_english():
    with PO_PATH.open("rb") as handle:
        catalog = read_po(handle)
    placeholder = re.compile(r"%\(\w+\)s|%%|<a |</a>")
    checked = 0
    for message in catalog:
        if message.id and message.string and isinstance(message.id, str):
            assert sorted(placeholder.findall(message.id)) == sorted(placeholder.findall(message.string)), (
                message.id
            )
            checked += 1
    assert checked > 80


# --- The public journey, all in Welsh (review D6) ---------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]
# Templates of the pages a member of the public meets before and while joining, signing in and applying.
PUBLIC_TEMPLATES = [
    "alongside/core/templates/400.html",
    "alongside/core/templates/403.html",
    "alongside/core/templates/403_csrf.html",
    "alongside/core/templates/404.html",
    "alongside/core/templates/429.html",
    "alongside/core/templates/500.html",
    "alongside/core/templates/core/base.html",
    "alongside/core/templates/core/home.html",
    "alongside/core/templates/core/help.html",
    "alongside/core/templates/core/accessibility.html",
    "alongside/core/templates/core/privacy.html",
    "alongside/core/templates/core/forms/field.html",
    "alongside/core/templates/core/forms/form.html",
    "alongside/core/templates/core/includes/error_summary.html",
    "alongside/core/templates/core/includes/language_switcher.html",
    "alongside/core/templates/core/includes/pagination.html",
    "alongside/accounts/templates/account/login.html",
    "alongside/accounts/templates/account/confirm_login_code.html",
    "alongside/accounts/templates/account/email/login_code_subject.txt",
    "alongside/accounts/templates/account/email/unknown_account_subject.txt",
    "alongside/accounts/templates/account/messages/login_code_sent.txt",
    "alongside/accounts/templates/account/email/base_message.txt",
    "alongside/accounts/templates/account/email/login_code_message.txt",
    "alongside/accounts/templates/account/email/unknown_account_message.txt",
    "alongside/accounts/templates/account/messages/logged_in.txt",
    "alongside/accounts/templates/accounts/code_continue.html",
    "alongside/opportunities/templates/opportunities/list.html",
    "alongside/opportunities/templates/opportunities/detail.html",
    "alongside/opportunities/templates/opportunities/closed.html",
    "alongside/opportunities/templates/opportunities/apply.html",
    "alongside/opportunities/templates/opportunities/glossary.html",
    "alongside/opportunities/templates/opportunities/way_in.html",
    "alongside/opportunities/templates/opportunities/includes/timing.html",
    "alongside/people/templates/people/join.html",
    "alongside/people/templates/people/joined.html",
    "alongside/engagement/templates/engagement/answer/check.html",
    "alongside/engagement/templates/engagement/answer/closed.html",
    "alongside/engagement/templates/engagement/answer/done.html",
    "alongside/engagement/templates/engagement/answer/question.html",
    "alongside/engagement/templates/engagement/answer/saved.html",
    "alongside/engagement/templates/engagement/answer/start.html",
    "alongside/engagement/templates/engagement/process.html",
    "alongside/engagement/templates/engagement/process_index.html",
    "alongside/engagement/templates/engagement/results.html",
    "alongside/engagement/templates/engagement/includes/answer_fields.html",
    "alongside/engagement/templates/engagement/includes/answer_hint.html",
    "alongside/engagement/templates/engagement/includes/chart.html",
    "alongside/engagement/templates/engagement/includes/figure.html",
    "alongside/engagement/templates/engagement/includes/result.html",
    "alongside/outreach/templates/outreach/feedback.html",
    "alongside/outreach/templates/outreach/feedback_sent.html",
]
GETTEXT_KEYWORDS = {
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}


def _template_messages(path: str) -> list:
    """The messages a template marks for translation, found as ``makemessages`` finds them."""
    source = (ROOT / path).read_text(encoding="utf-8")
    python_like = templatize(source, origin=path).encode("utf-8")
    return [found[2] for found in extract_python(io.BytesIO(python_like), GETTEXT_KEYWORDS, [], {})]


def _catalogue() -> dict:
    """Messages by their English (the singular, for messages with plural forms)."""
    with PO_PATH.open("rb") as handle:
        return {(m.id if isinstance(m.id, str) else m.id[0]): m for m in read_po(handle) if m.id}


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return not message.fuzzy and all(strings)


def test_every_message_in_the_public_templates_has_a_welsh_translation():
    catalogue = _catalogue()
    missing = []
    for path in PUBLIC_TEMPLATES:
        for found in _template_messages(path):
            message = catalogue.get(found if isinstance(found, str) else found[0])
            if message is None or not _translated(message):
                missing.append(f"{path}: {found!r}")
    assert len(PUBLIC_TEMPLATES) > 25
    assert not missing, "No Welsh yet (add it to django.po, then `make messages`):\n" + "\n".join(missing)


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _english_of_public_templates() -> set[str]:
    english = set()
    for path in PUBLIC_TEMPLATES:
        for found in _template_messages(path):
            for text in (found,) if isinstance(found, str) else found:
                # Whole sentences and labels; short words ("How", "From") may be Welsh words too.
                if text and len(text) >= 12 and "%(" not in text and "<" not in text:
                    english.add(text)
    return english


# English that comes from Python and the database (forms, choices, consent wording, topics, glossary).
ENGLISH_FROM_CODE = [
    "North East",
    "Yorkshire and The Humber",
    "Scotland",
    "Northern Ireland",
    "Any time",
    "Sort by",
    "Closing soonest",
    "In the next 2 weeks",
    "Anywhere",
    "Up to 2 hours",
    "Online or in person",
    "We would like to contact you",
    "Researchers in other organisations",
    "We would like to send you our newsletter",
    "Dementia care",
    "Mental health",
    "Social care",
    "public involvement and engagement",
    "based on people's views",
    "What were you doing?",
    "Only if you would like a reply",
    "First name",
    "Postcode",
]


@pytest.fixture
def opportunity_page(db):
    from alongside.opportunities.models import Format
    from alongside.people.models import Topic
    from tests.builders import create_opportunity

    opportunity = create_opportunity(format=Format.ONLINE, time_needed_hours=2, paid=True)
    opportunity.topics.set(Topic.objects.filter(name__in=["Dementia care", "Mental health"]))
    return opportunity.get_absolute_url()


@pytest.mark.django_db
def test_the_public_journey_in_welsh_shows_no_english(welsh, opportunity_page):
    english = _english_of_public_templates() | set(ENGLISH_FROM_CODE)
    pages = [
        "/",
        "/opportunities/",
        "/opportunities/?topic=dementia-care",
        opportunity_page,
        "/join/",
        "/glossary/",
        "/take-part/",
        "/way-in/",
        "/feedback/",
        "/feedback/sent/",
        "/privacy/",
        "/accessibility/",
        "/help/",
        "/accounts/login/",
    ]
    for url in pages:
        response = welsh.get(url)
        assert response.status_code == 200, url
        text = _visible_text(response.content.decode())
        shown = sorted(phrase for phrase in english if _visible_text(phrase) in text)
        assert not shown, f"{url} shows English: {shown}"


@pytest.mark.django_db
def test_the_topics_and_consent_statements_are_in_welsh_on_the_join_form(welsh):
    html = welsh.get("/join/").content.decode()
    assert "Gofal dementia" in html and "Iechyd meddwl" in html
    assert "Hoffem gysylltu â chi am gyfleoedd" in html


@pytest.mark.django_db
def test_signing_in_by_code_is_all_in_welsh_the_page_the_email_and_a_wrong_code(welsh):
    from django.core import mail

    from tests.builders import create_user

    create_user("gwen@example.org")
    response = welsh.post("/accounts/login/", {"login": "gwen@example.org"}, follow=True)
    english = _english_of_public_templates() | {
        "Sign-in code",
        "A sign-in code has been sent",
        "Incorrect code",
    }
    page = _visible_text(response.content.decode())
    assert "Rhowch y cod a anfonwyd atoch" in page and "Rydyn ni wedi anfon cod mewngofnodi at" in page
    assert not sorted(phrase for phrase in english if _visible_text(phrase) in page)
    email = mail.outbox[-1]
    assert "Eich cod mewngofnodi" in email.subject and "Sign-In Code" not in email.subject
    assert (
        "Eich cod mewngofnodi ar gyfer Alongside yw:" in email.body and "Your sign-in code" not in email.body
    )
    wrong = welsh.post("/accounts/login/code/confirm/", {"code": "WRONG123", "action": "verify"})
    assert "Nid yw'r cod hwnnw'n gywir" in _visible_text(wrong.content.decode())
