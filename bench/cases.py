"""Issue #12 figures, printed: the deadline sweep over 100 000 open cases with 2 000 000 steps on
PostgreSQL, with its query count at two sizes, and a school head's case list at that scale.

    .venv/bin/python bench/cases.py [--cases 100000] [--first 10000] [--requests 200]
        [--database-url postgresql://postgres@127.0.0.1:5432/bench_cases]

The database given is DROPPED and recreated, then migrated. Schools: 2 000 of Wallonia-Brussels,
one of them big (--big open cases, the case list's subject), the others sharing the rest. Cases
follow the Mouscron protocol, 20 steps each (its first 20 keys, due from the opening by the
step's delay), opened at random over the last 120 days; a step whose due date has passed was
recorded with probability 0.9, a step not due yet with probability 0.2; one case in ten has a
referral, half of them still waiting for the service's answer, due 15 days after it was sent.
Written with INSERT ... SELECT over generate_series on the server: no row crosses the wire.

The data is written as a running worker would have left it: what fell overdue (or long overdue,
past the protocol's escalation delay) up to ten minutes ago is reminded (or proposed) already
(its last run was five minutes ago and stops five minutes before its time), referrals likewise.
In two stages, --first cases then the rest up to --cases; after each:
- "sweep": relais.cases.deadlines.sweep() now, what the worker does every five minutes (it finds
  what fell due since the last one), its time and query count, and what it did;
- "an hour later": sweep() an hour on, an hour's worth (a worker stopped for an hour).
Then every run of the sweep is forgotten and the "backlog sweep" runs over every overdue step
at once (an installation's first sweep, or the first after the worker was stopped for months):
its time and query count. Then the big school's case list (/school/, the view the direction
opens, through Django's test client signed in with the second factor): p50/p95/p99 over
--requests requests after 5 warm-up ones. The load average is printed before and after each part.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/bench_cases"
SCHOOLS = 2_000
STEPS = 20


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f}"


def setup(database_url: str, folder: Path) -> None:
    from scene import recreate_database  # bench/scene.py

    recreate_database(database_url)
    os.environ["RELAIS_DATABASE_URL"] = database_url
    os.environ["RELAIS_DATA_DIR"] = str(folder / "data")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def write_people() -> tuple[object, object]:
    """The schools, a direction account for the big one (with its second factor), a relay service
    and the school member who referred the cases."""
    from relais.accounts.models import Role, User
    from relais.directory.models import Service
    from relais.schools.models import School

    schools = []
    for number in range(SCHOOLS):
        school = School(
            name=f"École bench {number}",
            city="Mouscron",
            postcode="7700",
            code=f"bench-{number:05d}",
            jurisdiction="be-fwb",
            direction_email=f"direction{number}@ecole.example",
            authority="Pouvoir organisateur",
            authority_email=f"po{number}@province.example",
        )
        school.refresh_search_text()
        schools.append(school)
    School.objects.bulk_create(schools)
    big = School.objects.get(code="bench-00000")
    head = User.objects.create_user("head", "head@ecole.example", "x", role=Role.DIRECTION)
    head.school = big
    head.save()
    service = Service.objects.create(
        name="Centre PMS bench", kind=Service.Kind.PMS, area="Mouscron", jurisdiction="be-fwb"
    )
    return head, service


def write_cases(start: int, count: int, big: int, head: object, service: object) -> float:
    """Cases start+1 .. start+count; the first `big` case numbers belong to the big school."""
    from django.db import connection

    from relais.protocols.loader import get_protocol

    protocol = get_protocol("mouscron")
    keys, delays, escalations = [], [], []
    for index, step in enumerate(protocol.steps[:STEPS]):
        keys.append(step.key)
        delays.append(step.delay or timedelta(days=index + 1))
        escalations.append(protocol.escalation_delay(step))
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH numbered AS (
                SELECT id, (row_number() OVER (ORDER BY code)) - 1 AS i FROM schools_school
            )
            INSERT INTO cases_case (id, created_at, updated_at, school_id, number, protocol,
                track, origin, state, opened_at, outcome, victim_known, minor, danger,
                intimate_images, summary)
            SELECT gen_random_uuid(), now(), now(), numbered.id, 'bench-' || n, 'mouscron', '',
                'pupil', 'open', now() - random() * interval '120 days', '', true, true, false,
                false, ''
            FROM generate_series(%s, %s) AS n
            JOIN numbered ON numbered.i = CASE WHEN n <= %s THEN 0 ELSE 1 + n %% %s END
            """,
            [start + 1, start + count, big, SCHOOLS - 1],
        )
        cursor.execute(
            """
            INSERT INTO cases_casestep (id, created_at, updated_at, case_id, key, due_at, done_at,
                value, family_visible, remind_at, escalate_at)
            SELECT gen_random_uuid(), now(), now(), s.case_id, s.key, s.due, s.done, '{}'::jsonb,
                false, s.due, s.due + s.escalation
            FROM (
                SELECT c.id AS case_id, k.key, c.opened_at + k.delay AS due, k.escalation,
                    CASE WHEN random() < CASE WHEN c.opened_at + k.delay < now() THEN 0.9
                        ELSE 0.2 END
                        THEN c.opened_at + (now() - c.opened_at) * random() END AS done
                FROM cases_case c
                CROSS JOIN unnest(%s::text[], %s::interval[], %s::interval[])
                    AS k(key, delay, escalation)
                WHERE c.number IN (SELECT 'bench-' || n FROM generate_series(%s, %s) AS n)
            ) AS s
            """,
            [keys, delays, escalations, start + 1, start + count],
        )
        # As a worker sweeping every five minutes would have left them: its last run, five
        # minutes ago, reminded (proposed) what was overdue (long overdue) up to five minutes
        # before it (relais.cases.deadlines.COMMIT_MARGIN). (The previous stage's "an hour later"
        # run is forgotten: that hour has not passed.)
        cursor.execute(
            "DELETE FROM cases_sweepreminder WHERE run_id IN (SELECT id FROM cases_deadlinesweep"
            " WHERE through > now() - interval '10 minutes')"
        )
        cursor.execute(
            "DELETE FROM cases_deadlinesweep WHERE through > now() - interval '10 minutes'"
        )
        cursor.execute(
            """
            INSERT INTO cases_deadlinesweep (since, through, ran_at, reminded, emails, proposed,
                unmailed, linked)
            SELECT coalesce(max(through), '1970-01-01'), now() - interval '10 minutes',
                now() - interval '5 minutes', 0, 0, 0, '[]'::jsonb, true
            FROM cases_deadlinesweep
            """
        )
        cursor.execute(
            """
            INSERT INTO cases_referral (id, created_at, updated_at, case_id, service_id, state,
                consent_by, consent_at, request, reason, referred_by_id, sent_at, answer_by,
                overdue_flagged_at)
            SELECT gen_random_uuid(), now(), now(), c.id, %s,
                CASE WHEN random() < 0.5 THEN 'sent' ELSE 'accepted' END, 'parents',
                c.opened_at, 'Suivi', '', %s, c.opened_at, c.opened_at + interval '15 days',
                CASE WHEN c.opened_at + interval '15 days' < now() - interval '5 minutes'
                    THEN c.opened_at + interval '15 days 1 minute' END
            FROM cases_case c
            WHERE c.number IN (SELECT 'bench-' || n FROM generate_series(%s, %s) AS n)
                AND random() < 0.1
            """,
            [service.pk, head.pk, start + 1, start + count],  # type: ignore[attr-defined]
        )
        cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


def forget_marks() -> None:
    """As if no sweep had ever run: every mark and what the sweeps wrote, gone."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_sweepreminder")
        cursor.execute("DELETE FROM cases_deadlinesweep")
        cursor.execute("UPDATE cases_referral SET overdue_flagged_at = NULL")
        cursor.execute("DELETE FROM notices_outboxmessage")
        cursor.execute("DELETE FROM audit_auditevent")
        cursor.execute("VACUUM ANALYZE")


def timed_sweep(label: str, now: object) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from relais.cases.deadlines import sweep

    before = load()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        report = sweep(now)  # type: ignore[arg-type]
        took = time.perf_counter() - started
    print(
        f"  {label}: {took:.2f} s, {len(captured.captured_queries)} queries "
        f"(batch {os.environ.get('RELAIS_CASES_SWEEP_BATCH', '1000')}); reminded "
        f"{report.reminded} steps in {report.emails} e-mails, proposed {report.proposed}, "
        f"referrals overdue {report.overdue_referrals} [{before} → {load()}]"
    )


def sizes() -> str:
    from django.db.models import Q

    from relais.cases.models import Case, CaseStep

    steps = CaseStep.objects.count()
    open_steps = CaseStep.objects.filter(done_at__isnull=True).count()
    overdue = CaseStep.objects.filter(Q(done_at__isnull=True) & Q(due_at__lt=time_now())).count()
    return (
        f"{Case.objects.count()} open cases, {steps} steps ({open_steps} open, {overdue} overdue)"
    )


def time_now():  # type: ignore[no-untyped-def]
    from django.utils import timezone

    return timezone.now()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def case_list(head: object, requests: int) -> None:
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from relais.cases.models import Case

    device = TOTPDevice.objects.create(user=head, name="phone", confirmed=True)
    client = Client()
    client.force_login(head)  # type: ignore[arg-type]
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    mine = Case.objects.filter(school_id=head.school_id).count()  # type: ignore[attr-defined]
    for _ in range(5):
        assert client.get("/school/").status_code == 200
    before = load()
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get("/school/")
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    print(
        f"the big school's case list (/school/, {mine} open cases): {requests} requests, "
        f"p50 {percentile(times, 0.5):.1f} ms, p95 {percentile(times, 0.95):.1f} ms, "
        f"p99 {percentile(times, 0.99):.1f} ms, mean {statistics.mean(times):.1f} ms "
        f"(target p99 < 100 ms) [{before} → {load()}]"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--first", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=1_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database-url", default=DEFAULT_PG)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup(args.database_url, Path(folder))
        print(f"PostgreSQL {args.database_url.rsplit('/', 1)[1]}, {load()}")
        head, service = write_people()
        done = 0
        for upto in (args.first, args.cases):
            written = write_cases(done, upto - done, args.big, head, service)
            done = upto
            print(f"{sizes()}; written in {written:.1f} s (target: a sweep < 10 s)")
            now = time_now()
            timed_sweep("sweep (what fell due in the last 5 minutes)", now)
            timed_sweep("an hour later (an hour's worth)", now + timedelta(hours=1))
        forget_marks()
        print(f"{sizes()}, nothing ever reminded:")
        timed_sweep("backlog sweep (every overdue step at once)", time_now())
        case_list(head, args.requests)


if __name__ == "__main__":
    main()
