"""relais.schools.search: relevance, abbreviations, the other names of Belgian communes."""

from __future__ import annotations

import pytest

from relais.schools.search import MAX_RESULTS, search_schools
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def names(query: str) -> list[str]:
    found = search_schools(query)
    assert found is not None
    return [school.name for school in found.schools]


def test_whole_words_come_before_prefixes_and_prefixes_before_the_rest():
    SchoolFactory(name="Institut Technique Provincial", city="Mons")
    SchoolFactory(name="Athénée Royal Ernest Solvay", city="Charleroi")
    SchoolFactory(name="Ecole des Technologies", city="Liège")
    SchoolFactory(name="École Polytechnique Agricole", city="Ath")

    assert names("technique") == [
        "Institut Technique Provincial",  # the word itself
        "École Polytechnique Agricole",  # inside a word
    ]
    assert names("techn") == [
        "Ecole des Technologies",  # both begin a word: then by name, accents ignored
        "Institut Technique Provincial",
        "École Polytechnique Agricole",
    ]


def test_ties_are_sorted_by_name_whatever_the_case_and_accents():
    for name in ["ATHENEE ROYAL", "École communale", "athénée provincial", "Institut Sainte-Anne"]:
        SchoolFactory(name=name, city="Mouscron")

    assert names("mouscron") == [
        "athénée provincial",
        "ATHENEE ROYAL",
        "École communale",
        "Institut Sainte-Anne",
    ]


def test_a_town_match_is_a_whole_word_match():
    SchoolFactory(name="Institut de Mouscronnois", city="Tournai")
    SchoolFactory(name="École du Centre", city="Mouscron")

    assert names("mouscron") == ["École du Centre", "Institut de Mouscronnois"]


def test_more_results_than_shown_are_announced():
    SchoolFactory.create_batch(MAX_RESULTS + 1, name="École communale", city="Tournai")
    found = search_schools("tournai")
    assert found is not None
    assert len(found.schools) == MAX_RESULTS
    assert found.more

    SchoolFactory.create_batch(MAX_RESULTS - 1, name="École libre", city="Namur")
    found = search_schools("namur")
    assert found is not None
    assert not found.more


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("ste marie", "Institut Sainte-Marie"),
        ("sainte marie", "Institut Ste-Marie"),
        ("st henri", "Collège Saint-Henri"),
        ("st-henri", "Collège Saint-Henri"),
        ("saint henri", "Institut St Henri"),
        ("ste-marie", "Institut Ste. Marie"),
        ("ath. royal", "Athénée royal de Jodoigne"),
        ("athenee royal jodoigne", "Ath. Royal Jodoigne"),
        ("inst. saint-joseph", "Institut Saint-Joseph"),
        ("institut st joseph", "Inst. St-Joseph"),
    ],
)
def test_the_usual_abbreviations_are_understood(query, name):
    SchoolFactory(name=name, city="Mouscron")
    SchoolFactory(name="École du Centre", city="Mouscron")

    assert names(query) == [name]


def test_ath_is_still_a_town():
    SchoolFactory(name="Athénée royal", city="Mons")
    SchoolFactory(name="École communale", city="Ath")

    assert names("ath")[0] == "École communale"


@pytest.mark.parametrize(
    ("query", "city"),
    [
        ("moeskroen", "Mouscron"),
        ("Moeskroen", "Dottignies (Mouscron)"),
        ("luik", "Liège"),
        ("Lüttich", "Liège"),
        ("namen", "Namur"),
        ("bergen", "Mons"),
        ("doornik", "Tournai"),
        ("brussel", "Bruxelles"),
        ("brüssel", "Bruxelles"),
        ("elsene", "Ixelles"),
        ("eigenbrakel", "Braine-l'Alleud"),
        ("waver", "Wavre"),
        ("aarlen", "Arlon"),
        ("arel", "Arlon"),
        ("sint-jans-molenbeek", "Molenbeek-Saint-Jean"),
        ("'s-Gravenbrakel", "Braine-le-Comte"),
        ("ronse", "Renaix"),
    ],
)
def test_a_commune_is_found_by_its_dutch_or_german_name(query, city):
    SchoolFactory(name="Institut Sainte-Marie", city=city, jurisdiction="be-fwb")
    SchoolFactory(name="Collège Saint-Pierre", city="Uccle", jurisdiction="be-fwb")

    assert names(query) == ["Institut Sainte-Marie"]
    assert names(f"{query} marie") == ["Institut Sainte-Marie"]


def test_the_other_names_are_only_for_belgian_schools():
    # Mons is also a commune of France (Var, Charente...): "Bergen" is not one of its names.
    SchoolFactory(name="École primaire", city="Mons", code="0830001A", jurisdiction="fr")

    assert names("bergen") == []


@pytest.mark.parametrize("query", ["ab\x00cd", "\x00\x00", "\ud800x", "\x7f\x9f", "a\x00"])
def test_control_characters_are_no_match_never_an_error(query):
    SchoolFactory(name="Institut Saint-Henri", city="Mouscron")

    found = search_schools(query)

    assert found is None or found.schools == []


def test_a_control_character_separates_words():
    SchoolFactory(name="Institut Saint-Henri", city="Mouscron")

    assert names("saint\x00henri") == ["Institut Saint-Henri"]


def test_nothing_usable_gives_none():
    for query in ["", " ", "s", "-", "' .", "\x00"]:
        assert search_schools(query) is None


def test_words_typed_together_that_follow_each_other_come_first():
    SchoolFactory(name="Ecole fondamentale communale Henri Frick", city="Saint-Josse-ten-Noode")
    SchoolFactory(name="Ecole fondamentale libre Saint-Henri", city="Woluwe-Saint-Lambert")

    assert names("st henri")[0] == "Ecole fondamentale libre Saint-Henri"
