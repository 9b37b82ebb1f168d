"""A payment run's process killed with SIGKILL at random points, then finished (catalogue H.88).

The other run tests simulate crashes with exceptions inside one process. Here a separate
Python process runs ``runs.process_run`` and kills itself with SIGKILL at a point chosen at
random (a step of the run, or a line of its files), the way an out-of-memory killer or a
lost machine would: no exception handler, no rollback by Python, only what the database
itself guarantees. The test then finishes the run the normal way and checks that every
claim was paid exactly once, the ledger balances and the stored files match their checksums.

It needs PostgreSQL: the killed process must share the test database, and the test
database on SQLite lives in memory.
"""

import hashlib
import os
import random
import signal
import subprocess
import sys
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection

from alongside.payments import bacs, ledger, runs
from alongside.payments.models import Account, Claim, PaymentRun

from .helpers import Team, approved_claim

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the killed process needs a shared database"
    ),
]

CLAIMS = 6
STEPS = ["start", "files_built", "saved:csv", "saved:bacs", "claims_marked", "ledger_posted", "before_commit"]
KILL_AT = """
import os, signal, sys
import django
django.setup()
from alongside.payments import runs

point = sys.argv[2]

def crash(at):
    if at == point:
        os.kill(os.getpid(), signal.SIGKILL)

runs.process_run(int(sys.argv[1]), crash=crash)
"""


def _run_and_kill(run_id: int, point: str) -> int:
    db = connection.settings_dict
    login = f"{db['USER']}:{quote(db['PASSWORD'] or '', safe='')}" if db["PASSWORD"] else db["USER"]
    url = f"postgres://{login}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": settings.SECRET_KEY,  # bank details are encrypted with a key derived from it
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_SETTINGS_MODULE": "alongside.settings",
    }
    child = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", KILL_AT, str(run_id), point], env=env, capture_output=True, timeout=120
    )
    return child.returncode


def test_runs_killed_at_random_points_and_finished_pay_each_claim_exactly_once():
    seed = random.randrange(10**6)
    chooser = random.Random(seed)
    team = Team()
    killed = 0
    for _ in range(3):
        claims = [approved_claim(team) for _ in range(CLAIMS)]
        run = runs.start_run(team.organisation, by=team.finance)
        runs.approve_run(run, by=team.finance2)
        for point in chooser.sample([*STEPS, *(f"row:{i}" for i in range(CLAIMS))], 2):
            code = _run_and_kill(run.pk, point)
            assert code == -signal.SIGKILL, f"seed {seed}: the process was not killed at {point}"
            killed += 1
            # Killed mid-way, the database kept nothing of the run's payment.
            assert Claim.objects.filter(pk__in=[c.pk for c in claims], status="paid").count() == 0, seed
        finished = runs.process_run(run.pk)
        assert finished.status == PaymentRun.Status.DONE, seed
        _assert_files_match_checksums(finished)
        references = [c.reference for c in bacs.parse(_read(finished, "bacs")).credits]
        assert sorted(references) == sorted(runs.bank_reference(c.pk) for c in claims), seed
    assert killed == 6
    paid = Claim.objects.filter(organisation=team.organisation, status="paid").count()
    assert paid == 3 * CLAIMS
    assert ledger.balance(organisation=team.organisation) == 0
    assert ledger.balance(Account.OWED, organisation=team.organisation) == 0
    assert ledger.balance(Account.BANK, organisation=team.organisation) == -Decimal("50.00") * paid


def _read(run: PaymentRun, kind: str) -> str:
    with default_storage.open(runs.file_name(run, kind)) as handle:
        return handle.read().decode()


def _assert_files_match_checksums(run: PaymentRun) -> None:
    for kind, recorded in (
        ("csv", run.csv_sha256),
        ("bacs", run.bacs_sha256),
        ("vouchers", run.vouchers_sha256),
    ):
        with default_storage.open(runs.file_name(run, kind)) as handle:
            assert hashlib.sha256(handle.read()).hexdigest() == recorded
