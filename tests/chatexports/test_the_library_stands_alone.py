"""The chat-export library is model-free and imports nothing from Django or the rest of Relais
(issue 11, point 3): loaded in a fresh interpreter, it parses an export, and no module of Django
or of Relais outside it has been imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, sys
import relais.chatexports as library
result = library.parse_export(b"12/03/2024 14:05 - L\\xc3\\xa9a: salut\\n", name_hint="chat.txt")
outside = sorted(
    name for name in sys.modules
    if name == "django" or name.startswith("django.")
    or (name.startswith("relais.") and not name.startswith("relais.chatexports"))
)
text, refusal = result.events[0].text, str(library.refusal())
print(json.dumps({"outside": outside, "text": text, "refusal": refusal}))
"""


def test_the_library_loads_and_parses_without_django_or_relais():
    found = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )

    answer = json.loads(found.stdout)
    assert answer["outside"] == []
    assert answer["text"] == "salut"
    # Without a translator given, the library speaks English.
    assert answer["refusal"] == (
        "This file is not a chat export Relais can read (WhatsApp, Telegram, Instagram, "
        "Signal or SMS Backup & Restore)."
    )
