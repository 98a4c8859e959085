"""A small protocol for the case services' tests, read by the real loader from a temporary packs
folder (the JURISDICTION_PACKS_DIR setting), where it is be-fwb's default.

Its steps cover every record kind, role, branch and due rule:

- hear_target (educator, date, 48 h, victim known), then parents_meeting 5 days after it
  (direction, checklist, victim known);
- protection (educator, checkbox, 24 h, the family sees it);
- class_session (educator, text, 5 days, only when the pupil is not known: class-level measures);
- inform_authority (direction, checkbox, no deadline), police (direction, checkbox, 24 h, danger);
- association_call (association, text, no deadline);
- two tracks: "concern" (first) with concern_meetings (10 days) and review 15 days after
  protection, whose "no_result" answer switches to "discipline", where sanction falls due 7 days
  after the review.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from relais.jurisdictions.packs import PACK_DIR

KEY = "casetest"


def _words(fr: str, nl: str, en: str) -> str:
    return f'{{fr: "{fr}", nl: "{nl}", en: "{en}"}}'


PROTECTION_FAMILY = _words(
    "L'école a mis en place des mesures de protection",
    "De school heeft beschermingsmaatregelen genomen",
    "The school has put protection measures in place",
)
INFORM_TITLE = _words(
    "Informer le pouvoir organisateur",
    "De inrichtende macht informeren",
    "Inform the organising authority",
)

PROTOCOL = f"""\
title: {_words("Protocole de test", "Testprotocol", "Test protocol")}
source: "tests/cases/protocols.py"
escalate_after: 7d
parents_step: parents_meeting
tracks:
  - key: concern
    title: {_words("Préoccupation partagée", "Gedeelde bezorgdheid", "Shared concern")}
  - key: discipline
    title: {_words("Disciplinaire", "Tucht", "Disciplinary")}
steps:
  - key: hear_target
    title: {_words("Entendre l'élève", "De leerling horen", "Hear the pupil")}
    role: educator
    record: date
    delay: 48h
    when: {{victim_known: true}}
  - key: protection
    title: {_words("Mesures de protection", "Beschermingsmaatregelen", "Protection measures")}
    role: educator
    record: checkbox
    delay: 24h
    family: {PROTECTION_FAMILY}
  - key: class_session
    title: {_words("Séance en classe", "Klasgesprek", "Class session")}
    role: educator
    record: text
    delay: 5d
    when: {{victim_known: false}}
  - key: parents_meeting
    title: {_words("Rencontre avec les parents", "Gesprek met de ouders", "Meeting the parents")}
    role: direction
    record: checklist
    after: hear_target
    delay: 5d
    when: {{victim_known: true}}
    checklist:
      - key: reassure
        title: {_words("Rassurer", "Geruststellen", "Reassure")}
      - key: relays
        title: {_words("Relais informés", "Diensten op de hoogte", "Relays informed")}
      - key: discretion
        title: {_words("Discrétion", "Discretie", "Discretion")}
  - key: inform_authority
    title: {INFORM_TITLE}
    role: direction
    record: checkbox
  - key: police
    title: {_words("Référent police", "Politiereferent", "Police referent")}
    role: direction
    record: checkbox
    delay: 24h
    when: {{danger: true}}
  - key: association_call
    title: {_words("Appel de l'association", "Oproep van de vereniging", "The association's call")}
    role: association
    record: text
  - key: concern_meetings
    title: {_words("Entretiens", "Gesprekken", "Meetings")}
    role: educator
    record: checkbox
    delay: 10d
    track: concern
  - key: review
    title: {_words("Bilan à 15 jours", "Evaluatie na 15 dagen", "Review after 15 days")}
    role: direction
    record: checklist
    after: protection
    delay: 15d
    track: concern
    checklist:
      - key: stopped
        title: {_words("Cela a cessé", "Het is gestopt", "It stopped")}
      - key: no_result
        title: {_words("Pas de résultat", "Geen resultaat", "No result")}
        switch_track: discipline
  - key: sanction
    title: {_words("Sanction", "Sanctie", "Sanction")}
    role: direction
    record: text
    after: review
    delay: 7d
    track: discipline
"""


def packs_with_test_protocol(target: Path) -> Path:
    """A copy of the shipped packs where be-fwb's default protocol is the test one."""
    shutil.copytree(PACK_DIR, target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    pack = target / "be-fwb" / "pack.yaml"
    text = re.sub(r"(?m)^protocol:.*\n", "", pack.read_text())
    pack.write_text(text + f"protocol: {KEY}\n")
    folder = target / "be-fwb" / "protocols"
    folder.mkdir(exist_ok=True)
    (folder / f"{KEY}.yaml").write_text(PROTOCOL)
    return target
