"""A database made before the split upgrades without moving a row (issue 11, point 3).

The timeline's models left the evidence app with their tables: timeline 0001 and evidence 0005
change Django's state only, and timeline 0002 renames their content types, so that permissions
given on them survive. Rows written by the code before the split (with the historical models)
read through the new models after the upgrade, and the database goes back and forth again.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from relais.alerts.models import Alert
from relais.evidence.models import EvidenceItem
from relais.timeline.models import (
    ChatImport,
    EvidenceText,
    LinkCapture,
    Participant,
    TimelineEvent,
)

BEFORE = ("evidence", "0004_chat_import_being_read")
MOVED = ("chatimport", "timelineevent", "participant", "evidencetext", "linkcapture")


def _state_before(executor: MigrationExecutor):
    """The models as the code before the split saw them: every other app at its latest."""
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "timeline"]
    nodes = [node for node in others if node[0] != "evidence"] + [BEFORE]
    return executor.loader.project_state(nodes).apps


def _migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()  # what is applied now
    return executor


def _write_before_the_split(old) -> None:
    school = old.get_model("schools", "School").objects.create(
        name="Athénée Léonie de Waha", code="5678", jurisdiction="be-fwb"
    )
    alert = old.get_model("alerts", "Alert").objects.create(
        school=school, reporter_role="victim", description="Ça dure.", receipt_digest="a" * 64
    )
    sealed = {"size": 10, "media_type": "text/plain", "key_id": "k", "wrapped_key": b"w"}
    items = old.get_model("evidence", "EvidenceItem").objects
    chat = items.create(
        alert=alert,
        uploaded_by="reporter",
        kind="chat_export",
        blob_name="vault/c/original",
        sha256="c" * 64,
        chunk_size=1,
        **sealed,
    )
    image = items.create(
        alert=alert,
        uploaded_by="reporter",
        kind="image",
        blob_name="vault/i/original",
        sha256="e" * 64,
        chunk_size=1,
        **sealed,
    )
    old.get_model("evidence", "ChatImport").objects.create(
        item=chat, status="imported", platform="whatsapp", event_count=1
    )
    old.get_model("evidence", "TimelineEvent").objects.create(
        item=chat, position=0, author="Léa", text="salut", kind="message", digest="d" * 64
    )
    old.get_model("evidence", "Participant").objects.create(
        alert=alert, handle="Léa", role="victim"
    )
    old.get_model("evidence", "EvidenceText").objects.create(item=image, text="tu es nul")
    old.get_model("evidence", "LinkCapture").objects.create(
        alert=alert, url="https://example.org/post/1", captured_by="reporter"
    )
    # A permission on a moved model, given to a group before the split.
    content_type = old.get_model("contenttypes", "ContentType").objects.get(
        app_label="evidence", model="linkcapture"
    )
    permission = old.get_model("auth", "Permission").objects.get(
        content_type=content_type, codename="view_linkcapture"
    )
    old.get_model("auth", "Group").objects.create(name="link readers").permissions.add(permission)


def _read_after_the_split() -> None:
    assert Alert.objects.count() == 1 and EvidenceItem.objects.count() == 2
    assert ChatImport.objects.get().platform == "whatsapp"
    assert TimelineEvent.objects.get().text == "salut"
    assert Participant.objects.get().role == "victim"
    assert EvidenceText.objects.get().text == "tu es nul"
    assert LinkCapture.objects.get().url == "https://example.org/post/1"
    assert EvidenceItem.objects.get(kind="chat_export").events.get().author == "Léa"
    readers = Group.objects.get(name="link readers").permissions.get()
    assert (readers.content_type.app_label, readers.codename) == ("timeline", "view_linkcapture")


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_split_upgrades_and_goes_back():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        executor = _migrate([BEFORE, ("timeline", None)])
        _write_before_the_split(_state_before(executor))

        _migrate(latest)
        _read_after_the_split()

        executor = _migrate([BEFORE, ("timeline", None)])
        old = _state_before(executor)
        assert old.get_model("evidence", "TimelineEvent").objects.get().text == "salut"
        labels = old.get_model("contenttypes", "ContentType").objects.filter(model__in=MOVED)
        assert set(labels.values_list("app_label", flat=True)) == {"evidence"}

        _migrate(latest)
        _read_after_the_split()
    finally:
        _migrate(latest)  # the next tests find the database as they expect it
