"""`relais reindex_schools`: rewrite the search column of every school.

Needed only when the words the search column holds change without the schools changing: a new
version of relais/schools/data/be-communes.yaml or of relais.schools.names.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from relais.schools.models import School

BATCH = 2000


class Command(BaseCommand):
    help = "Rewrite the search column of every school (after an update of the communes' names)."

    def handle(self, *args: Any, **options: Any) -> None:
        changed = 0
        batch: list[School] = []
        with transaction.atomic():
            for school in School.objects.order_by("pk").iterator(chunk_size=BATCH):
                before = school.search_text
                school.refresh_search_text()
                if school.search_text != before:
                    batch.append(school)
                if len(batch) == BATCH:
                    School.objects.bulk_update(batch, ["search_text"])
                    changed += len(batch)
                    batch = []
            School.objects.bulk_update(batch, ["search_text"])
            changed += len(batch)
        self.stdout.write(self.style.SUCCESS(f"{changed} school(s) reindexed"))
