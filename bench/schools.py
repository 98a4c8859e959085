"""Issue #9 figure for the school search, printed: p50/p99 of a search on 60 000 schools, on
SQLite and on PostgreSQL.

    .venv/bin/python bench/schools.py [--schools 60000] [--rounds 30] [--backend sqlite|postgresql]
        [--database-url postgresql://postgres@127.0.0.1:5432/h_schools_bench]

For each backend, in a scratch database (SQLite in a temporary folder; the PostgreSQL database
given, DROPPED and recreated), a synthetic directory of --schools open schools is written (half
French, half Wallonia-Brussels; names, saints, towns and communes drawn from the real lists with
a fixed seed), then the searches below run --rounds times each, in turn, through
relais.schools.search.search_schools (the function behind the picker and the API), timing the
call and the fetch of its rows. Prints p50 and p99 over every search, then the p50 and the number
of schools found per query. With no --backend, runs both, each in its own process.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/h_schools_bench"
QUERIES = [
    "mouscron",  # a town: every school of it, ranked
    "moeskroen",  # the same town by its Dutch name
    "ste marie",  # an abbreviation
    "st henri mouscron",
    "athenee royal",
    "ecole",  # the broadest word: most of the directory matches
    "7700",  # a postcode
    "lycee victor hugo",
    "luik athenee",
    "xyzzy",  # nothing
]
KINDS_BE = [
    "École communale",
    "Ecole fondamentale libre",
    "Athénée royal",
    "Institut",
    "Collège",
    "Lycée",
    "Ecole fondamentale communale",
    "INSTITUT TECHNIQUE",
    "CEFA -",
    "Académie de musique",
]
KINDS_FR = [
    "Ecole primaire publique",
    "Ecole élémentaire privée",
    "Ecole maternelle publique",
    "Collège",
    "Lycée",
    "Lycée professionnel",
    "Ecole primaire privée",
    "Collège privé",
]
PATRONS = [
    "Saint-Henri",
    "Sainte-Marie",
    "St Joseph",
    "Ste-Thérèse",
    "Victor Hugo",
    "Jean Jaurès",
    "Les Tilleuls",
    "du Centre",
    "Saint-Charles",
    "Notre-Dame",
    "Jules Ferry",
    "Marie Curie",
    "Sacré-Coeur",
    "des Frères Maristes",
    "Thomas Edison",
    "Anne de Bretagne",
    "Pierre et Marie Curie",
    "Jacques Prévert",
]
FR_TOWNS = [
    "Rennes",
    "Brest",
    "Lille",
    "Lyon",
    "Marseille",
    "Vitré",
    "Fougères",
    "Saint-Malo",
    "Nantes",
    "Toulouse",
    "Bordeaux",
    "Strasbourg",
    "Metz",
    "Mons-en-Barœul",
    "Roubaix",
    "Tourcoing",
]


def uai(number: int) -> str:
    return f"{number:07d}" + "ABCDEFGHJKLMNPRSTUVWXYZ"[number % 23]


def setup(backend: str, database_url: str, folder: Path) -> None:
    os.environ["RELAIS_DATA_DIR"] = str(folder / "data")
    if backend == "postgresql":
        from scene import recreate_database  # bench/scene.py

        recreate_database(database_url)
        os.environ["RELAIS_DATABASE_URL"] = database_url
    else:
        os.environ.pop("RELAIS_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relais.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load(count: int) -> float:
    from relais.schools.models import School
    from relais.schools.names import commune_names

    rng = random.Random(9)
    communes = [name.title() for name in commune_names()] + ["Charleroi", "Verviers", "Spa"]
    started = time.perf_counter()
    batch: list[School] = []
    for number in range(count):
        if number % 2:
            town = rng.choice(communes)
            name = f"{rng.choice(KINDS_BE)} {rng.choice(PATRONS)}"
            school = School(
                name=name,
                city=town,
                postcode=str(1000 + rng.randrange(9000)),
                code=str(number),
                jurisdiction="be-fwb",
            )
        else:
            town = rng.choice(FR_TOWNS)
            school = School(
                name=f"{rng.choice(KINDS_FR)} {rng.choice(PATRONS)}",
                city=town,
                postcode=f"{rng.randrange(1, 96):02d}{rng.randrange(1000):03d}",
                code=uai(number),
                jurisdiction="fr",
            )
        school.refresh_search_text()
        batch.append(school)
        if len(batch) == 5000:
            School.objects.bulk_create(batch)
            batch = []
    School.objects.bulk_create(batch)
    return time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(backend: str, schools: int, rounds: int, database_url: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        setup(backend, database_url, Path(folder))
        from django.db import connection

        from relais.schools.search import search_schools

        loaded = load(schools)
        if backend == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE schools_school")
        times: dict[str, list[float]] = {query: [] for query in QUERIES}
        found: dict[str, int] = {}
        for query in QUERIES:  # warm-up: caches and the first plans
            search_schools(query)
        for _ in range(rounds):
            for query in QUERIES:
                started = time.perf_counter()
                result = search_schools(query)
                times[query].append((time.perf_counter() - started) * 1000)
                found[query] = len(result.schools) if result else 0
        every = [value for values in times.values() for value in values]
        print(
            f"{backend}: {schools} schools written in {loaded:.1f} s; "
            f"{len(every)} searches: p50 {percentile(every, 0.5):.1f} ms, "
            f"p99 {percentile(every, 0.99):.1f} ms"
        )
        for query in QUERIES:
            print(
                f"  {query!r:24} p50 {statistics.median(times[query]):6.1f} ms  "
                f"max {max(times[query]):6.1f} ms  listed {found[query]}"
            )
        if backend == "postgresql":
            connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--schools", type=int, default=60_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"])
    parser.add_argument("--database-url", default=DEFAULT_PG)
    args = parser.parse_args()
    if args.backend:
        run(args.backend, args.schools, args.rounds, args.database_url)
        return
    for backend in ("sqlite", "postgresql"):
        command = [sys.executable, __file__, "--backend", backend]
        command += ["--schools", str(args.schools), "--rounds", str(args.rounds)]
        command += ["--database-url", args.database_url]
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
