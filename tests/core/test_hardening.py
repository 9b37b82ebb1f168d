"""Configuration probes from the security catalogue (L.123)."""

import pytest

from tests.url_catalogue import address, routes


@pytest.mark.parametrize(
    "probe", ["/.git/config", "/.git/HEAD", "/.env", "/static/../.git/config", "/static/", "/media/"]
)
def test_repository_files_and_folder_listings_are_not_served(client, probe):
    response = client.get(probe)
    assert response.status_code == 404
    assert b"[core]" not in response.content and b"Index of" not in response.content


@pytest.mark.parametrize("method", ["TRACE", "TRACK", "CONNECT", "PROPFIND"])
def test_trace_and_other_unused_methods_are_refused_on_every_page(client, method):
    allowed = []
    for route in routes():
        url = address(route)
        if url is None:
            continue
        response = client.generic(method, url)
        if response.status_code != 405:
            allowed.append(f"{url} -> {response.status_code}")
    assert not allowed


def test_a_trace_request_is_not_echoed_back(client):
    response = client.generic("TRACE", "/", HTTP_COOKIE="sessionid=canary-5521")
    assert response.status_code == 405
    assert b"canary-5521" not in response.content
