import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alongside.accounts.models import Role
from alongside.core.models import TaskProgress
from alongside.people.models import ConsentEvent, Contributor, ImportBatch
from tests.builders import create_contributor, create_organisation, create_staff, sign_in

HEADER = ["first_name", "last_name", "email", "mobile", "postcode", "date_joined", "consent_contact"]

# Ten kinds of bad row, five of each: 50 bad rows in all.
BAD_KINDS = [
    {"email": "not-an-email"},
    {"mobile": "12345"},
    {"postcode": "NOTAPOSTCODE"},
    {"date_joined": "31/02/2024"},
    {"date_joined": "yesterday"},
    {"first_name": ""},
    {"email": "taken@example.org"},  # already in the database
    {"email": "row2@example.org"},  # the same as the first data row
    {"consent_contact": "maybe"},
    {"mobile": "07911 000002"},  # the same mobile as the first data row
]


def _good(i):
    return {
        "first_name": f"Person{i}",
        "last_name": "Example",
        "email": f"row{i + 2}@example.org",
        "mobile": f"07911 {i:06d}" if i < 1000 else "",
        "postcode": "LS1 4AP",
        "date_joined": "2024-03-01",
        "consent_contact": "yes" if i % 2 else "no",
    }


def _file(rows=10_000):
    bad_at = {100 + i * 190: BAD_KINDS[i % len(BAD_KINDS)] for i in range(50)}
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=HEADER)
    writer.writeheader()
    for i in range(rows):
        row = _good(i)
        if i in bad_at:
            row.update(bad_at[i])
        writer.writerow(row)
    expected_bad = {i + 2 for i in bad_at}
    return SimpleUploadedFile("people.csv", buffer.getvalue().encode(), "text/csv"), expected_bad


def _setup(client):
    org = create_organisation()
    staff = create_staff(org, Role.INVOLVEMENT_STAFF)
    sign_in(client, staff)
    create_contributor(org, email="taken@example.org")
    return org


def test_a_10000_row_file_with_50_bad_rows_reports_exactly_those_and_writes_nothing(client):
    org = _setup(client)
    upload, expected_bad = _file()
    response = client.post(reverse("people:import_upload"), {"file": upload, "organisation": org.pk})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.CHECKED
    assert batch.total_rows == 10_000
    assert batch.bad_row_numbers == expected_bad
    assert Contributor.objects.count() == 1  # only the one already there
    assert TaskProgress.objects.get(pk=batch.progress_id).status == TaskProgress.Status.DONE

    page = client.get(reverse("people:import_detail", args=[batch.pk])).content.decode()
    assert "50 rows need fixing" in page
    assert "Enter an email address like name@example.com." in page  # the forms' own words

    # All-or-nothing is refused while rows are bad, and writes nothing.
    client.post(reverse("people:import_detail", args=[batch.pk]), {"mode": "all"})
    assert Contributor.objects.count() == 1

    client.post(reverse("people:import_detail", args=[batch.pk]), {"mode": "good"})
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.imported == 9_950
    assert Contributor.objects.filter(organisation=org).count() == 9_951
    assert (
        ConsentEvent.objects.filter(how="import", purpose="contact").count()
        == Contributor.objects.filter(created_via="import", consent_contact=True).count()
    )
    assert batch.rows == []


def test_a_clean_file_imports_all_or_nothing_after_confirmation(client):
    org = _setup(client)
    upload, _ = _file(rows=20)
    upload = SimpleUploadedFile(
        "p.csv",
        "\n".join(
            [",".join(HEADER)] + [",".join(str(v) for v in _good(i).values()) for i in range(20)]
        ).encode(),
    )
    client.post(reverse("people:import_upload"), {"file": upload, "organisation": org.pk})
    batch = ImportBatch.objects.get()
    assert batch.errors == [] and Contributor.objects.count() == 1
    client.post(reverse("people:import_detail", args=[batch.pk]), {"mode": "all"})
    assert Contributor.objects.count() == 21
    person = Contributor.objects.get(email="row2@example.org")
    assert person.region == "Yorkshire and The Humber" and person.created_at.year == 2024


def test_xlsx_files_are_read(client):
    from openpyxl import Workbook

    org = _setup(client)
    book = Workbook()
    sheet = book.active
    sheet.append(["First name", "Email", "Postcode"])
    sheet.append(["Ada", "ada@example.org", "CF10 3AT"])
    sheet.append(["", "bad", "ZZ"])
    data = io.BytesIO()
    book.save(data)
    upload = SimpleUploadedFile("list.xlsx", data.getvalue())
    client.post(reverse("people:import_upload"), {"file": upload, "organisation": org.pk})
    batch = ImportBatch.objects.get()
    assert batch.bad_row_numbers == {3}
    assert {e["field"] for e in batch.errors} == {"first_name", "email", "postcode"}


def test_a_file_without_the_needed_header_is_refused_with_a_reason(client):
    org = _setup(client)
    upload = SimpleUploadedFile("x.csv", b"name,email\nA,a@example.org\n")
    response = client.post(reverse("people:import_upload"), {"file": upload, "organisation": org.pk})
    assert "first_name" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_another_organisations_import_is_not_found(client):
    _setup(client)
    other = create_organisation()
    owner = create_staff(other, Role.INVOLVEMENT_STAFF)
    batch = ImportBatch.objects.create(organisation=other, created_by=owner, filename="x.csv")
    assert client.get(reverse("people:import_detail", args=[batch.pk])).status_code == 404
