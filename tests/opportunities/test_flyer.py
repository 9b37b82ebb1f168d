"""The print flyer of an opportunity says where in words and gives the web address to apply (review D28)."""

from __future__ import annotations

import io

from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from tests.builders import create_organisation
from tests.opportunities.helpers import published


def _flyer_text(client, opportunity) -> str:
    response = client.get(reverse("opportunities:pdf", args=[opportunity.slug]))
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@override_settings(BASE_URL="https://alongside.example.org")
def test_an_online_opportunity_says_online_and_prints_the_address_to_apply(client):
    online = published(create_organisation(), format="online", location="", contact_phone="01632 960 001")
    text = _flyer_text(client, online)
    assert "See below" not in text
    assert "Where Online" in text
    assert f"https://alongside.example.org/opportunities/{online.slug}/" in text.replace(" ", "")
    assert "Phone 01632 960001 to ask about taking part by phone" in text


def test_an_in_person_opportunity_gives_its_place(client):
    visit = published(create_organisation(), format="in_person", location="Northbridge Library, Leeds")
    text = _flyer_text(client, visit)
    assert "Where Northbridge Library, Leeds" in text
    assert "by phone instead" not in text
