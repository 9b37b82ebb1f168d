import re

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

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
