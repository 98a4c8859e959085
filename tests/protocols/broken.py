"""Broken protocol files, one per kind of error, each with the line its error must name.

Each text marks the line the error is on with `#<`; `expected_line` finds it, so that a file and
its expected line cannot drift apart.
"""

from __future__ import annotations

W = '{fr: "Mot", nl: "Woord", en: "Word"}'

HEAD = f"""\
title: {W}
source: "tests/protocols/broken.py"
"""


def step(key: str, *lines: str, role: str = "direction", record: str = "checkbox") -> str:
    """A step of the list, its extra keys given as lines (already indented by four)."""
    extra = "".join(f"    {line}\n" for line in lines)
    return f"  - key: {key}\n    title: {W}\n    role: {role}\n    record: {record}\n{extra}"


def protocol(*steps: str, head: str = HEAD, tracks: str = "") -> str:
    return head + tracks + "steps:\n" + "".join(steps)


TRACKS = f"""\
tracks:
  - key: first
    title: {W}
  - key: second
    title: {W}
"""

# Both tracks used: the second entered through an answer of `review`.
REVIEW = step(
    "review",
    "track: first",
    "checklist:",
    f"  - {{key: fine, title: {W}}}",
    f"  - {{key: bad, title: {W}, switch_track: second}}",
    record="checklist",
)
SECOND = step("sanction", "track: second")

# name: (the file, a fragment of the error on the marked line)
CASES: dict[str, tuple[str, str]] = {
    "unknown role": (
        protocol(step("hear", "delay: 48h", role="teacher  #<")),
        "step 'hear': unknown role 'teacher' (known: direction, educator, association)",
    ),
    "unknown record kind": (
        protocol(step("hear", record="tickbox  #<")),
        "step 'hear': unknown record kind 'tickbox'",
    ),
    "deadline cycle": (
        protocol(
            step("first", "delay: 1d", "after: third  #<"),
            step("second", "delay: 1d", "after: first"),
            step("third", "delay: 1d", "after: second"),
        ),
        "step 'first': deadline cycle: first → third → second → first",
    ),
    "a step after itself": (
        protocol(step("alone", "delay: 1d", "after: alone  #<")),
        "deadline cycle: alone → alone",
    ),
    "after names no step": (
        protocol(step("hear", "delay: 1d"), step("meet", "delay: 2d", "after: haer  #<")),
        "step 'meet': after 'haer' names no step (did you mean 'hear'?)",
    ),
    "duplicate step keys": (
        protocol(step("hear"), step("meet"), step("hear  #<")),
        "step 'hear' is given twice (first at line 4)",
    ),
    "missing translation in the title": (
        protocol(step("hear"), head='title: {fr: "Mot", en: "Word"}  #<\nsource: "s"\n'),
        "title: missing translation: nl",
    ),
    "missing translation in a step's title": (
        protocol(
            "  - key: hear\n"
            '    title: {fr: "Entendre", nl: "Horen"}  #<\n'
            "    role: direction\n    record: checkbox\n"
        ),
        "step 'hear': title: missing translation: en",
    ),
    "missing translation in the family's words": (
        protocol(step("hear", 'family: {fr: "Fait", nl: "Gedaan"}  #<')),
        "step 'hear': family: missing translation: en",
    ),
    "missing translation in the help": (
        protocol(step("hear", 'help: {nl: "Hulp", en: "Help"}  #<')),
        "step 'hear': help: missing translation: fr",
    ),
    "missing translation in a checklist label": (
        protocol(
            step(
                "meet",
                "checklist:",
                f"  - {{key: calm, title: {W}}}",
                '  - {key: leaflet, title: {fr: "Dépliant", en: "Leaflet"}}  #<',
                record="checklist",
            )
        ),
        "step 'meet': checklist 'leaflet': title: missing translation: nl",
    ),
    "missing translation in a track's title": (
        protocol(
            REVIEW,
            SECOND,
            tracks="tracks:\n"
            f"  - key: first\n    title: {W}\n"
            '  - key: second\n    title: {fr: "Deux", nl: "Twee"}  #<\n',
        ),
        "track 'second': title: missing translation: en",
    ),
    "an empty translation": (
        protocol(step("hear", 'family: {fr: "Fait", nl: "", en: "Done"}  #<')),
        "step 'hear': family.nl: must not be empty",
    ),
    "unknown language": (
        protocol(step("hear", 'family: {fr: "a", nl: "b", en: "c", de: "d"}  #<')),
        "step 'hear': family: unknown language 'de'",
    ),
    "unknown condition in when": (
        protocol(step("hear", "when: {victim_know: true}  #<")),
        "step 'hear': when: unknown condition 'victim_know' (did you mean 'victim_known'?)",
    ),
    "a condition that is not true or false": (
        protocol(step("hear", "when: {minor: maybe}  #<")),
        "step 'hear': when.minor: must be true or false, not a text",
    ),
    "unknown track": (
        protocol(REVIEW, SECOND, step("class", "track: sceond  #<"), tracks=TRACKS),
        "step 'class': unknown track 'sceond' (did you mean 'second'?) (known: first, second)",
    ),
    "unknown track in switch_track": (
        protocol(REVIEW, SECOND, step("class", "switch_track: third  #<"), tracks=TRACKS),
        "step 'class': unknown track 'third' (known: first, second)",
    ),
    "unknown track in an answer's switch_track": (
        protocol(
            step(
                "review",
                "checklist:",
                f"  - {{key: bad, title: {W}, switch_track: elsewhere}}  #<",
                record="checklist",
            )
        ),
        "step 'review': checklist 'bad': unknown track 'elsewhere' (known: none",
    ),
    "a track no step enters": (
        protocol(
            step("review", "track: first"),
            SECOND,
            tracks=TRACKS.replace("  - key: second", "  - key: second  #<"),
        ),
        "track 'second': no step or answer switches to it",
    ),
    "unknown relay kind": (
        protocol(step("call", "relay: cpms  #<")),
        "step 'call': unknown relay kind 'cpms' (did you mean 'pms'?) (known: pms, mediation,",
    ),
    "a delay without its unit": (
        protocol(step("hear", "delay: 48  #<")),
        "step 'hear': delay: '48' is not a delay (no unit: add h, d or w)",
    ),
    "a delay in months": (
        protocol(step("hear", "delay: 1m  #<")),
        "step 'hear': delay: '1m' is not a delay",
    ),
    "a delay of nothing": (
        protocol(step("hear", "delay: 0d  #<")),
        "step 'hear': delay: '0d' is not a delay",
    ),
    "a delay over a year": (
        protocol(step("hear", "delay: 60w  #<")),
        "step 'hear': delay: '60w' is longer than a year",
    ),
    "a bad escalation delay": (
        protocol(step("hear"), head=HEAD + "escalate_after: soon  #<\n"),
        "escalate_after: 'soon' is not a delay",
    ),
    "after without a delay": (
        protocol(step("hear", "delay: 1d"), step("meet", "after: hear  #<")),
        "step 'meet': 'after' without a 'delay'",
    ),
    "a checklist for a step that is not one": (
        protocol(step("hear", "checklist:  #<", f"  - {{key: calm, title: {W}}}")),
        "step 'hear': a checklist is given, but record is 'checkbox'",
    ),
    "a checklist step without its checklist": (
        protocol(step("meet  #<", record="checklist")),
        "step 'meet': record: checklist needs its checklist",
    ),
    "an unknown key at the top": (
        protocol(step("hear"), head=HEAD + "sources: more  #<\n"),
        "unknown key 'sources' (did you mean 'source'?)",
    ),
    "an unknown key in a step": (
        protocol(step("hear", "dealy: 2d  #<")),
        "step 'hear': unknown key 'dealy' (did you mean 'delay'?)",
    ),
    "an unknown key in an answer": (
        protocol(
            step(
                "meet", "checklist:", f"  - {{key: a, title: {W}, help: x}}  #<", record="checklist"
            )
        ),
        "step 'meet': checklist: unknown key 'help'",
    ),
    "a key given twice in a step": (
        protocol(step("hear", "role: educator  #<")),
        "step 'hear': 'role' is given twice (first at line 6)",
    ),
    "a required key missing": (
        protocol(f"  - key: hear  #<\n    title: {W}\n    record: checkbox\n"),
        "step 'hear': 'role' is missing",
    ),
    "a role that is a list": (
        protocol(step("hear", role="[direction]  #<")),
        "step 'hear': role must be a text, not a list",
    ),
    "a title that is a text": (
        protocol(step("hear"), head='title: "Protocole"  #<\nsource: "s"\n'),
        "title: must be a mapping of languages (fr, nl, en), not a text",
    ),
    "steps that are not a list": (
        HEAD + "steps: {hear: 1}  #<\n",
        "steps: must be a list, not a mapping",
    ),
    "a bad step key": (
        protocol(step("Hear Target  #<")),
        "'Hear Target' is not a key",
    ),
    "a step named opening": (
        protocol(step("opening  #<")),
        "'opening' is the case's opening, not a step's key",
    ),
    "a step after a step of a narrower branch": (
        protocol(
            step("hear", "delay: 1d", "when: {victim_known: true}"),
            step("parents", "delay: 1d", "after: hear  #<"),
        ),
        "step 'parents': follows 'hear', which applies only when victim_known is true",
    ),
    "parents_step that is not a checklist": (
        protocol(step("meet"), head=HEAD + "parents_step: meet  #<\n"),
        "parents_step: 'meet' is not a checklist step",
    ),
    "a YAML syntax error": (
        protocol(step("hear"), "  - key: [unclosed\n    role: direction  #<\n"),
        "not valid YAML",
    ),
}


def expected_line(text: str) -> int:
    marked = [number for number, line in enumerate(text.splitlines(), 1) if "#<" in line]
    assert len(marked) == 1, text
    return marked[0]
