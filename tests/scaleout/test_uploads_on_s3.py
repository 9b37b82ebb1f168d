"""Uploads through the storage backend docs/deploy.md names (django-storages' S3Storage, chosen by
S3_BUCKET) against a real S3-compatible server on loopback: moto's server, from PyPI."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import boto3
import pytest
import requests

from .harness import ROOT, Process, wait_for

pytestmark = pytest.mark.scaleout

BUCKET = "alongside-files"
# Run with the real settings in a fresh process, as an app server would with these variables.
USE_STORAGE = """
import json
import django
django.setup()
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

first = default_storage.save("letters/reminder.pdf", ContentFile(b"first letter"))
second = default_storage.save("letters/reminder.pdf", ContentFile(b"second letter"))
with default_storage.open(first) as handle:
    read_back = handle.read().decode()
print(json.dumps({
    "backend": settings.STORAGES["default"]["BACKEND"],
    "first": first,
    "second": second,
    "read_back": read_back,
    "url": default_storage.url(first),
    "exists": default_storage.exists(second),
}))
"""


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="module")
def s3_server():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = Process("s3-server", [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)])
    endpoint = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _listening(port) or not server.running, timeout=60, what="moto", every=0.2)
        assert server.running, server.tail()
        yield endpoint
    finally:
        server.stop()


def test_uploads_go_to_the_bucket_with_expiring_signed_links_and_are_never_overwritten(s3_server):
    client = boto3.client(
        "s3", endpoint_url=s3_server, region_name="eu-west-2",
        aws_access_key_id="scaleout", aws_secret_access_key="scaleout",
    )  # fmt: skip
    client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    env = {
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": s3_server,
        "S3_REGION": "eu-west-2",
        "S3_ACCESS_KEY_ID": "scaleout",
        "S3_SECRET_ACCESS_KEY": "scaleout",
        "S3_LINK_SECONDS": "120",
    }
    import os

    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", USE_STORAGE], env={**os.environ, **env}, cwd=ROOT,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    used = json.loads(done.stdout.strip().splitlines()[-1])

    assert used["backend"] == "storages.backends.s3.S3Storage"
    assert used["read_back"] == "first letter"
    assert used["second"] != used["first"] and used["exists"]  # a second upload never replaces the first
    stored = {item["Key"]: item["Size"] for item in client.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert stored == {used["first"]: len(b"first letter"), used["second"]: len(b"second letter")}
    body = client.get_object(Bucket=BUCKET, Key=used["first"])["Body"].read()
    assert body == b"first letter"

    # Links are signed and expire after S3_LINK_SECONDS. (moto does not check signatures, so that the
    # bucket refuses unsigned reads is for the real service's bucket policy, not tested here.)
    assert "X-Amz-Signature=" in used["url"] and "X-Amz-Expires=120" in used["url"]
    assert requests.get(used["url"], timeout=10).content == b"first letter"
