"""Browsers ask every site for /favicon.ico; ours answers with a small icon, never a 404."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.templatetags.static import static


def test_favicon_ico_leads_to_an_icon_file_that_exists(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static("core/favicon.ico")
    icon = finders.find("core/favicon.ico")
    with open(icon, "rb") as handle:
        assert handle.read(4) == b"\x00\x00\x01\x00"  # the ICO file signature


def test_every_page_names_its_icons(client):
    page = client.get("/").content.decode()
    assert f'<link rel="icon" href="{static("core/favicon.svg")}"' in page
    assert finders.find("core/favicon.svg")
