from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from alongside.core import pdf, plain_language, uploads


def test_a_pdf_renders_and_reads_back_with_user_text_escaped():
    document = pdf.Document(
        title="Your details",
        blocks=[
            pdf.Heading("About you", 2),
            pdf.Text("<b>Sam</b> & friends"),
            pdf.Rows([["Field", "Answer"], ["Name", "Sam"]]),
            pdf.Box("Anything else?"),
        ],
    )
    reader = PdfReader(BytesIO(pdf.render(document)))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "<b>Sam</b> & friends" in text
    assert reader.metadata.title == "Your details"


def test_large_print_takes_more_pages():
    blocks = [pdf.Text("A sentence about taking part in research. " * 20) for _ in range(10)]
    normal = PdfReader(BytesIO(pdf.render(pdf.Document("T", blocks))))
    large = PdfReader(BytesIO(pdf.render(pdf.Document("T", blocks, large_print=True))))
    assert len(large.pages) > len(normal.pages)


def test_acronym_laden_text_is_flagged():
    report = plain_language.check("Join our PPIE cohort for the RCT and CTIMP work.")
    assert {"RCT", "CTIMP", "PPIE"} <= set(report.unexplained_acronyms)
    assert "cohort" in report.jargon and report.has_problems


def test_explained_acronyms_and_plain_text_pass():
    report = plain_language.check(
        "We want to hear from you. A randomised controlled trial (RCT) is a fair test. "
        "Tell us what you think."
    )
    assert report.unexplained_acronyms == []
    assert report.reading_age is not None and report.reading_age <= 14


def test_long_sentences_are_listed():
    long = " ".join(["word"] * 30) + "."
    assert plain_language.check(long).long_sentences == [long]


def test_organisation_jargon_is_added_to_the_list():
    report = plain_language.check("Our HRA approval is pending.", extra_jargon={"approval": "agreement"})
    assert "approval" in report.jargon


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("receipt.pdf", b"MZ\x90\x00 windows program"),
        ("receipt.pdf", b"<html><script>x</script>"),
        ("pic.png", b"<svg onload=alert(1)>"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(name, content):
    with pytest.raises(ValidationError):
        uploads.check_upload(SimpleUploadedFile(name, content), uploads.RECEIPT_TYPES)


def test_a_real_pdf_is_accepted_and_a_huge_one_refused():
    data = pdf.render(pdf.Document("Receipt"))
    assert uploads.check_upload(SimpleUploadedFile("r.pdf", data), uploads.RECEIPT_TYPES).content_type == (
        "application/pdf"
    )
    with pytest.raises(ValidationError, match="too large"):
        uploads.check_upload(SimpleUploadedFile("r.pdf", data), uploads.RECEIPT_TYPES, max_bytes=10)


def test_an_image_with_enormous_dimensions_is_refused_before_decoding():
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")
    with pytest.raises(ValidationError, match="image is too large"):
        uploads.check_upload(SimpleUploadedFile("big.png", png), uploads.RECEIPT_TYPES)
