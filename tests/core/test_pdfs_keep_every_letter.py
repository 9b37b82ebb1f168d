"""Family: PDFs keep every letter (security review "Trust", item 8).

Every PDF Alongside makes — flyers, the paper join form, letters and print packs, statements,
benefits letters, policies, cost plans, a person's own data — prints names in any script.
Each test reads the text back out of the PDF with pypdf and compares it with what went in.

Right-to-left text is checked against what the shaping produced. pypdf guesses the reading
order of Arabic on its own (it reverses runs it thinks are right-to-left), so the helper below
turns that guess off and reads the glyphs in the order they were drawn; the Arabic test then
shows that the drawn line, read right to left with its joined letter forms undone (NFKC), is
the name exactly as it was typed.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from alongside.core import fonts, pdf
from alongside.outreach import composer
from alongside.outreach import services as outreach
from alongside.outreach.content import Content
from alongside.outreach.letters import Letter, build_print_pack
from alongside.payments.demo import example_policy
from alongside.payments.models import CostPlan
from tests.builders import (
    create_contributor,
    create_opportunity,
    create_organisation,
    create_staff,
    create_user,
    sign_in,
)
from tests.outreach.people import bulk

NAMES = {
    "Welsh": "Siân Ŵyn Llŷr",
    "Polish": "Zofia Wiśniewska-Łęcka",
    "Vietnamese": "Nguyễn Thị Ánh",
    "Greek": "Αλέξανδρος Παπαδόπουλος",
    "Cyrillic": "Дмитрий Иванов",
    "Turkish": "Ayşe Gül Yılmaz",
    "Arabic": "فاطمة الزهراء",
    "Urdu": "عائشہ خان",
    "Hebrew": "דוד לוי",
}
STANDARD_14 = re.compile(r"^/(Helvetica|Times|Courier|Symbol|ZapfDingbats)")


@pytest.fixture
def drawn(monkeypatch):
    """The text of a PDF in the order its glyphs were drawn (pypdf's right-to-left guess off)."""
    import pypdf._text_extraction as extraction

    monkeypatch.setattr(extraction, "RTL_CHARACTER_PATTERN", re.compile(r"(?!)"))

    def read(content: bytes) -> str:
        def no_builtin_font(text, cm, tm, font, size):
            # Helvetica and the other built-in fonts hold Latin-1 only: no letter is set in one.
            if text.strip() and font is not None:
                assert not STANDARD_14.match(font["/BaseFont"]), text

        pages = PdfReader(BytesIO(content)).pages
        return " ".join(page.extract_text(visitor_text=no_builtin_font) for page in pages)

    return read


def assert_printed(text: str, *names: str) -> None:
    flat = " ".join(text.split())
    for name in names:
        expected = fonts.visual(name) if fonts.is_rtl(name) else name
        assert expected in flat, f"{name!r} is missing from the PDF"


def test_arabic_is_drawn_joined_and_in_visual_order():
    name = NAMES["Arabic"]
    line = fonts.visual(name)
    assert line != name and all("\ufe70" <= ch <= "\ufeff" or ch == " " for ch in line)
    assert unicodedata.normalize("NFKC", line[::-1]) == name


@pytest.mark.parametrize("large_print", [False, True])
def test_a_document_keeps_every_script(drawn, large_print):
    document = pdf.Document(
        title=f"Letter for {NAMES['Welsh']}",
        blocks=[
            pdf.Heading(NAMES["Welsh"], 2),
            *(pdf.Text(name) for name in NAMES.values()),
            pdf.Rows([["Name", "Town"], [NAMES["Arabic"], "Caerdydd"], [NAMES["Greek"], "Llanŵ"]]),
        ],
        large_print=large_print,
    )
    assert_printed(drawn(pdf.render(document)), *NAMES.values(), "Llanŵ")


def test_a_long_right_to_left_answer_wraps_from_its_first_words(drawn):
    words = [f"{NAMES['Arabic']} {n}" for n in range(40)]
    text = drawn(pdf.render(pdf.Document("Answers", [pdf.Text(" ".join(words))])))
    lines = [line for line in text.split("\n") if fonts.is_rtl(line)]
    # The first line holds the first words: the number 0 is on it and 39 is on the last.
    assert len(lines) > 1
    assert re.search(r"\b0\b", lines[0]) and not re.search(r"\b39\b", lines[0])
    assert re.search(r"\b39\b", lines[-1])


@pytest.mark.parametrize("large_print", [False, True])
def test_letters_print_names_and_addresses_in_every_script(drawn, large_print):
    letters = [
        Letter(
            reference=f"R{n}",
            address=[name, "1 Heol y Frenhines", "Caerdydd", "CF10 1AA"],
            greeting=f"Annwyl {name},",
            subject="Astudiaeth newydd",
            body=f"{name}, we would like to hear from you.",
            sender="Bwrdd Iechyd Gŵyr",
            contact_phone="0300 000 0000",
            large_print=large_print,
        )
        for n, name in enumerate(NAMES.values())
    ]
    assert_printed(drawn(build_print_pack(letters).pdf), *NAMES.values(), "Bwrdd Iechyd Gŵyr")


def test_the_print_pack_a_message_makes_keeps_every_letter(client, drawn, settings, tmp_path):
    settings.OUTREACH_PROVIDER = "alongside.outreach.providers.OutboxProvider"
    settings.MEDIA_ROOT = tmp_path / "media"
    organisation = create_organisation()
    people = bulk(
        organisation,
        [
            {"first_name": "Siân", "last_name": "Llŷr", "preferred_channels": ["letter"]},
            {
                "first_name": "فاطمة",
                "last_name": "الزهراء",
                "preferred_channels": ["letter"],
                "access_needs": ["large_print"],
            },
        ],
    )
    result = outreach.send("reminder", people, Content(subject="Hi", body="Hello"), organisation=organisation)
    sign_in(client, create_staff(organisation, "involvement_staff"))
    for pack in result.message.print_packs.all():
        response = client.get(reverse("outreach:print_pack_file", args=[pack.pk, "pdf"]))
        name = NAMES["Arabic"] if pack.large_print else "Siân Llŷr"
        assert_printed(drawn(b"".join(response.streaming_content)), name)
    preview = composer.preview_letter(Content(subject="Ŵyn", body=NAMES["Greek"]), organisation)
    assert_printed(drawn(preview), "Ŵyn", NAMES["Greek"])


@pytest.mark.parametrize("query", ["", "?print=large"])
def test_the_opportunity_flyer_keeps_every_letter(client, drawn, query):
    opportunity = create_opportunity(title="Astudiaeth Gŵyr", contact_name=NAMES["Arabic"])
    response = client.get(reverse("opportunities:pdf", args=[opportunity.slug]) + query)
    assert_printed(drawn(response.content), "Astudiaeth Gŵyr", NAMES["Arabic"])


@pytest.mark.parametrize("query", ["", "?large=1"])
def test_the_paper_join_form_and_the_policy_keep_every_letter(client, drawn, query):
    organisation = create_organisation(name="Bwrdd Iechyd Gŵyr a Llŷn")
    example_policy(organisation, effective_from=datetime.date(2026, 4, 6))
    assert "Join Alongside" in drawn(client.get(reverse("people:join_pdf") + query).content)
    response = client.get(reverse("payments:policy_pdf", args=[organisation.slug]) + query)
    assert_printed(drawn(response.content), "Bwrdd Iechyd Gŵyr a Llŷn")


@pytest.mark.parametrize("needs", [[], ["large_print"]])
def test_a_persons_own_documents_keep_every_letter(client, drawn, needs):
    user = create_user()
    person = create_contributor(
        user=user, first_name="Ŵyn", last_name=NAMES["Arabic"], town=NAMES["Cyrillic"], access_needs=needs
    )
    sign_in(client, user)
    documents = [
        client.get(reverse("payments:statement", args=[2026])),
        client.get(reverse("payments:benefits_letter")),
        client.get(reverse("people:my_data", args=["pdf"])),
    ]
    for response in documents:
        assert response.status_code == 200
        assert_printed(drawn(response.content), "Ŵyn", NAMES["Arabic"])
    assert_printed(drawn(documents[2].content), NAMES["Cyrillic"])
    for response in documents:
        # Body text is 12 pt, or 18 pt for a person who asked for large print.
        assert (18.0 in _text_sizes(response.content)) == bool(needs), person.access_needs


def _text_sizes(content: bytes) -> set[float]:
    sizes: set[float] = set()

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes.add(round(size * tm[0], 1))

    PdfReader(BytesIO(content)).pages[0].extract_text(visitor_text=visit)
    return sizes


def test_a_cost_plan_keeps_every_letter(client, drawn):
    organisation = create_organisation()
    staff = create_staff(organisation, "researcher")
    plan = CostPlan.objects.create(organisation=organisation, title="Costau Llŷn a Gŵyr", created_by=staff)
    sign_in(client, staff)
    response = client.get(reverse("payments:cost_plan_download", args=[plan.pk, "pdf"]))
    assert_printed(drawn(response.content), "Costau Llŷn a Gŵyr")


def test_emoji_print_in_one_colour_and_letters_no_font_holds_print_as_a_question_mark(drawn, caplog):
    content = pdf.render(pdf.Document("Names", [pdf.Text("Sam 😀 and 王芳")]))
    reader = PdfReader(BytesIO(content))
    fonts_used = {str(f.get_object()["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any("NotoEmoji" in name for name in fonts_used)
    assert "Sam" in drawn(content) and "and ??" in drawn(content)
    assert any(getattr(r, "code_points", None) == ["U+738B", "U+82B3"] for r in caplog.records)
