"""Every shipped protocol validates, and says what its sources say (issue 12, point 3)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import translation

from relais.protocols.loader import (
    all_protocols,
    default_protocol,
    get_protocol,
    load_file,
    protocol_files,
    protocols_for,
)

pytestmark = pytest.mark.engine_neutral("sqlite")


def applicable(key: str, track: str = "", **conditions: bool) -> list[str]:
    protocol = get_protocol(key)
    return [s.key for s in protocol.steps if s.applies(conditions, track or protocol.first_track())]


def test_every_shipped_file_validates_and_is_loaded():
    files = protocol_files()
    assert [f"{path.parent.parent.name}/{path.name}" for path in files] == [
        "be-fwb/fwb-procedure.yaml",
        "be-fwb/mouscron.yaml",
        "fr/phare.yaml",
    ]
    for path in files:
        assert load_file(path).steps
    assert set(all_protocols()) == {"fwb-procedure", "mouscron", "phare"}


def test_each_pack_names_its_default():
    assert default_protocol("be-fwb").key == "mouscron"
    assert default_protocol("fr").key == "phare"
    assert [p.key for p in protocols_for("be-fwb")] == ["mouscron", "fwb-procedure"]
    assert get_protocol("phare").jurisdiction == "fr"
    with pytest.raises(KeyError):
        get_protocol("nowhere")


def test_every_protocol_speaks_french_dutch_and_english():
    for protocol in all_protocols().values():
        assert protocol.source
        texts = [protocol.title, *(t.title for t in protocol.tracks)]
        for step in protocol.steps:
            texts += [step.title, step.help, step.family, *(o.title for o in step.checklist)]
        for words in filter(None, texts):
            assert set(words) == {"fr", "nl", "en"} and all(words.values()), words
        with translation.override("nl"):
            assert protocol.label() == protocol.title["nl"]


def test_mouscron_meets_the_parents_in_one_step_with_the_seeds_points():
    mouscron = get_protocol("mouscron")
    assert mouscron.parents_step == "parents_meeting"
    meeting = mouscron.step("parents_meeting")
    assert meeting.record == "checklist"
    assert [o.key for o in meeting.checklist] == [
        "safety",
        "relays_informed",
        "no_initiatives",
        "discretion",
        "complaint",
        "leaflet",
    ]
    warning = meeting.checklist[2].title["fr"]
    assert "réseaux sociaux" in warning and "présumés auteurs" in warning
    assert meeting.when == {"victim_known": True, "minor": True}


def test_mouscron_follows_the_seed_item_by_item():
    mouscron = get_protocol("mouscron")
    keys = [step.key for step in mouscron.steps]
    seed_items = [
        "no_judgement",
        "reassure_pupil",
        "team_discretion",
        "pupil_safety",
        "keep_evidence",
        "tell_minor_parents_informed",
        "contact_pms",
        "contact_mediation",
        "parents_meeting",
        "inform_po",
        "legal_service",
        "warn_educators",
        "trusted_adult",
        "class_sessions",
        "police_referent",
        "prevention",
        "postvention",
    ]
    assert [key for key in keys if key in seed_items] == seed_items
    relays = {step.key: step.relay for step in mouscron.steps if step.relay}
    assert relays["contact_pms"] == "pms" and relays["contact_mediation"] == "mediation"
    assert relays["police_referent"] == "police"
    # "Activate the relays at once": within a day.
    assert mouscron.step("contact_pms").delay == timedelta(hours=24)
    assert mouscron.step("warn_educators").family_words() == (
        "The school has put protection measures in place."
    )


def test_an_anonymous_notice_leaves_class_level_measures_only():
    anonymous = applicable("mouscron", victim_known=False, minor=True)
    assert "anonymous_notice" in anonymous
    for key in ("reassure_pupil", "parents_meeting", "trusted_adult", "keep_evidence"):
        assert key not in anonymous
    assert {"warn_educators", "class_sessions", "contact_pms", "inform_po"} <= set(anonymous)
    known = applicable("mouscron", victim_known=True, minor=True)
    assert "parents_meeting" in known and "anonymous_notice" not in known


def test_the_branches_add_their_steps():
    calm = set(applicable("mouscron", victim_known=True, minor=True))
    assert "tell_minor_parents_informed" not in applicable("mouscron", victim_known=True)
    danger = set(applicable("mouscron", victim_known=True, minor=True, danger=True))
    assert danger - calm == {"danger_safety", "police_referent"}
    images = set(applicable("mouscron", victim_known=True, minor=True, intimate_images=True))
    assert images - calm == {"images_evidence", "images_police", "images_removal"}


def test_the_wallonia_brussels_procedure_hears_the_target_in_48_hours_the_others_in_5_days():
    procedure = get_protocol("fwb-procedure")
    assert procedure.step("hear_target").delay == timedelta(hours=48)
    assert procedure.step("hear_others").delay == timedelta(days=5)
    assert procedure.step("inform_parents").after == "hear_target"
    assert {"measures", "follow_up", "inform_po"} <= {s.key for s in procedure.steps}


def test_phare_starts_with_shared_concern_and_no_result_switches_to_disciplinary():
    phare = get_protocol("phare")
    assert [t.key for t in phare.tracks] == ["shared_concern", "disciplinary"]
    assert phare.first_track() == "shared_concern"
    review = phare.step("sc_review")
    assert review.delay == timedelta(days=15) and review.track == "shared_concern"
    assert review.record == "choice"
    assert [o.key for o in review.options] == ["stopped", "reduced", "no_result"]
    assert review.switch_to({"choice": "no_result"}) == "disciplinary"
    assert review.switch_to({"choice": "reduced"}) == ""
    assert phare.step("disc_hear_authors").after == "sc_review"
    shared = applicable("phare", victim_known=True, minor=True)
    disciplinary = applicable("phare", "disciplinary", victim_known=True, minor=True)
    assert "sc_interviews" in shared and "disc_sanctions" not in shared
    assert "disc_sanctions" in disciplinary and "sc_interviews" not in disciplinary
    for common in ("hear_target", "protection", "inform_target_parents", "declare_facts"):
        assert common in shared and common in disciplinary
    assert "awareness_sessions" in disciplinary
