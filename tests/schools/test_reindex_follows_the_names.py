"""The search column can be rewritten from the names, by the migration and by a command."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from relais.schools.models import School
from relais.schools.search import search_schools
from tests.factories import SchoolFactory


@pytest.mark.django_db
def test_reindex_rewrites_a_stale_search_column():
    school = SchoolFactory(name="Institut Sainte-Marie", city="Mouscron")
    School.objects.filter(pk=school.pk).update(search_text="institut sainte-marie mouscron")
    assert search_schools("moeskroen").schools == []

    out = io.StringIO()
    call_command("reindex_schools", stdout=out)

    assert "1 school(s) reindexed" in out.getvalue()
    assert search_schools("moeskroen").schools == [school]


@pytest.mark.django_db
def test_save_keeps_the_search_column_in_step():
    school = SchoolFactory(name="École du Centre", city="Namur")
    school.name = "Athénée royal"
    school.save(update_fields=["name"])
    school.refresh_from_db()
    assert school.search_text.startswith(" athenee royal namur namen ")
