"""Family: files are served safely (security review "Trust", item 5; catalogue item 64).

Every file Alongside serves — uploaded receipts, print packs and their manifests, payment-run
files, exports and the documents it makes — is a download (attachment) under a name made from
the kind of file, with the content type of the checked kind and ``nosniff``. Nothing the
uploader named or typed reaches the header, and nothing is served as HTML or SVG.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alongside.outreach import services as outreach
from alongside.outreach.content import Content
from alongside.payments import runs, services
from alongside.payments.models import CostPlan, Expense, ExpenseKind
from tests.builders import (
    committed,
    create_contributor,
    create_opportunity,
    create_staff,
    create_user,
    sign_in,
)
from tests.outreach.people import bulk
from tests.payments.helpers import TODAY, Team, approved_claim, draft_claim

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OUTREACH_PROVIDER = "alongside.outreach.providers.OutboxProvider"
    with time_machine.travel(TODAY, tick=False):
        yield


def assert_download(response, content_type: str, filename: str) -> None:
    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.fixture
def team():
    return Team(totp=True)


def _receipt(team, upload) -> Expense:
    claim = draft_claim(team)
    day = datetime.date(2026, 11, 2)
    return services.add_expense(
        claim, kind=ExpenseKind.TRAVEL, amount="4.20", date=day, receipt=upload, by=None
    )


def test_a_receipt_is_a_download_named_for_its_kind_not_the_uploaders_name(client, team):
    expense = _receipt(team, SimpleUploadedFile('bus"ticket<script>.html', PNG, content_type="text/html"))
    sign_in(client, team.checker)
    response = client.get(reverse("payments:receipt", args=[expense.claim_id, expense.pk]))
    assert_download(response, "image/png", f"receipt-{expense.pk}.png")
    assert b"".join(response.streaming_content) == PNG


def test_a_stored_file_of_a_kind_not_on_the_list_is_served_as_bytes_never_as_svg(client, team):
    expense = _receipt(team, SimpleUploadedFile("r.png", PNG))
    # As if from before the check by content existed: an SVG that runs a script.
    Expense.objects.filter(pk=expense.pk).update(receipt_type="image/svg+xml")
    with open(expense.receipt.path, "wb") as handle:
        handle.write(b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>")
    sign_in(client, team.checker)
    response = client.get(reverse("payments:receipt", args=[expense.claim_id, expense.pk]))
    assert_download(response, "application/octet-stream", f"receipt-{expense.pk}.bin")


def test_print_packs_and_their_manifests_are_downloads(client, team):
    [person] = bulk(team.organisation, [{"preferred_channels": ["letter"], "first_name": "Llŷr"}])
    content = Content(subject="Hi", body="Hello")
    with committed():  # the print pack is made once the send commits
        result = outreach.send("reminder", [person], content, organisation=team.organisation)
    pack = result.message.print_packs.get()
    sign_in(client, create_staff(team.organisation, "involvement_staff"))
    pdf = client.get(reverse("outreach:print_pack_file", args=[pack.pk, "pdf"]))
    csv = client.get(reverse("outreach:print_pack_file", args=[pack.pk, "csv"]))
    assert_download(pdf, "application/pdf", f"print-pack-{pack.pk}.pdf")
    assert_download(csv, "text/csv", f"print-pack-{pack.pk}-manifest.csv")


def test_payment_run_files_and_the_confirmation_template_are_downloads(client, team):
    approved_claim(team)
    run = runs.run_payments(team.organisation, by=team.finance, approver=team.finance2)
    sign_in(client, team.finance)
    for kind, content_type, name in (
        ("csv", "text/csv", "payments"),
        ("bacs", "text/plain", "bacs-standard-18"),
        ("vouchers", "text/csv", "vouchers"),
    ):
        response = client.get(reverse("payments:run_file", args=[run.pk, kind]))
        assert_download(response, content_type, f"run-{run.pk}-{name}.{'txt' if kind == 'bacs' else 'csv'}")
    template = client.get(reverse("payments:run_confirmation_template", args=[run.pk]))
    assert_download(template, "text/csv", f"run-{run.pk}-confirmation-template.csv")


def test_exports_and_documents_are_downloads(client, team):
    user = create_user()
    person = create_contributor(team.organisation, user=user, first_name="Ŵyn")
    sign_in(client, user)
    data = client.get(reverse("people:my_data", args=["json"]))
    assert_download(data, "application/json", f"your-data-{person.reference}.json")
    assert data.json()["profile"]["first_name"] == "Ŵyn"
    statement = client.get(reverse("payments:statement", args=[2026]))
    assert_download(statement, "application/pdf", "payments-2026-2027.pdf")
    opportunity = create_opportunity(team.organisation)
    calendar = client.get(reverse("opportunities:ics", args=[opportunity.slug]))
    assert_download(calendar, "text/calendar", f"{opportunity.slug}.ics")
    plan = CostPlan.objects.create(organisation=team.organisation, title="Costs")
    sign_in(client, team.checker)
    costs = client.get(reverse("payments:cost_plan_download", args=[plan.pk, "csv"]))
    assert_download(costs, "text/csv", f"involvement-costs-{plan.pk}.csv")


def test_only_a_pdf_alongside_made_may_open_in_the_browser(client):
    opportunity = create_opportunity()
    response = client.get(reverse("opportunities:pdf", args=[opportunity.slug]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{opportunity.slug}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
