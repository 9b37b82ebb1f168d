"""The markup checks the navigation test runs on every page find what they are meant to find."""

from __future__ import annotations

from tests.markup import markup_problems


def test_a_hint_wired_to_a_missing_id_is_found():
    html = (
        '<div id="id_password_hint">Hint</div><input name="password" aria-describedby="id_password_helptext">'
    )
    assert markup_problems(html) == [
        "<input password> is described by #id_password_helptext, which is not on the page"
    ]


def test_two_fields_with_one_id_are_found():
    html = '<textarea id="id_reason"></textarea><textarea id="id_reason"></textarea>'
    assert markup_problems(html) == ["id 'id_reason' is used 2 times"]


def test_a_heading_with_a_role_and_a_skipped_level_are_found():
    html = '<h1>Find</h1><h2 role="status">10 found</h2><h4>Details</h4>'
    assert markup_problems(html) == ["<h2> has role='status'", "<h4> follows <h2>, skipping a level"]


def test_sound_markup_passes():
    html = '<h1>A</h1><h2>B</h2><h3>C</h3><h2>D</h2><p id="h">Hint</p><input aria-describedby="h">'
    assert markup_problems(html) == []
