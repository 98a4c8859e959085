"""A school's team always keeps an active member of its direction: nobody deactivates their own
account, and two direction members deactivating each other at the same moment cannot both
succeed (the school's row is locked, and the one who asks is read again under that lock)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from relais.accounts import team
from relais.accounts.models import Role, User
from relais.audit.models import AuditEvent
from tests.accounts.conftest import school_member


def _active_direction(school) -> int:
    return User.objects.filter(school=school, role=Role.DIRECTION, is_active=True).count()


def test_nobody_deactivates_their_own_account(alice_head, school):
    with pytest.raises(team.TeamError, match="your own account"):
        team.deactivate_member(by=alice_head, member_id=alice_head.pk)

    assert _active_direction(school) == 1


def test_a_direction_member_deactivated_meanwhile_deactivates_nobody(alice_head, school):
    dora = school_member("dora.direction", school)
    # alice_head's request began while she was active; dora's deactivation came first.
    team.deactivate_member(by=dora, member_id=alice_head.pk)

    with pytest.raises(team.TeamError, match="nothing was changed"):
        team.deactivate_member(by=alice_head, member_id=dora.pk)

    dora.refresh_from_db()
    assert dora.is_active and _active_direction(school) == 1
    assert AuditEvent.objects.filter(action="school.member_deactivated").count() == 1


def test_a_direction_member_deactivated_meanwhile_reactivates_nobody(alice_head, educator, school):
    dora = school_member("dora.direction", school)
    team.deactivate_member(by=alice_head, member_id=educator.pk)
    team.deactivate_member(by=dora, member_id=alice_head.pk)

    with pytest.raises(team.TeamError, match="nothing was changed"):
        team.reactivate_member(by=alice_head, member_id=educator.pk)

    educator.refresh_from_db()
    assert not educator.is_active


@pytest.mark.only_on("postgresql")
@pytest.mark.django_db(transaction=True)
def test_two_direction_members_deactivating_each_other_at_once_leave_one(alice_head, school):
    dora = school_member("dora.direction", school)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def deactivate(by: User, other: User) -> None:
        try:
            start.wait()
            team.deactivate_member(by=by, member_id=other.pk)
            outcomes.append("done")
        except team.TeamError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=deactivate, args=(alice_head, dora)),
        threading.Thread(target=deactivate, args=(dora, alice_head)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["done", "refused"]
    assert _active_direction(school) == 1
