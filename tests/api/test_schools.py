"""GET /api/v1/schools?q="""

from __future__ import annotations

from tests.factories import SchoolFactory


def test_a_school_is_found_by_a_word_of_its_name_without_accents(api, school):
    response = api.get("/schools", q="saint henri")
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "id": str(school.id),
                "name": "Institut Saint-Henri",
                "city": "Mouscron",
                "code": "5432",
                "jurisdiction": "be-fwb",
            }
        ]
    }


def test_a_school_is_found_by_town_and_accented_query(api, fr_school):
    items = api.get("/schools", q="COLLÈGE rennes").json()["items"]
    assert [item["code"] for item in items] == ["0350001A"]
    assert items[0]["jurisdiction"] == "fr"


def test_a_closed_school_is_not_offered(api, db):
    SchoolFactory(name="École fermée des Tilleuls", is_open=False)
    assert api.get("/schools", q="tilleuls").json() == {"items": []}


def test_an_empty_or_one_character_query_gives_an_empty_list(api, school):
    for q in ["", " ", "s", " i "]:
        response = api.get("/schools", q=q)
        assert response.status_code == 200
        assert response.json() == {"items": []}
    assert api.get("/schools").json() == {"items": []}


def test_at_most_twenty_schools_are_listed(api, db):
    SchoolFactory.create_batch(25, name="Athénée Jean Jaurès")
    assert len(api.get("/schools", q="jaures").json()["items"]) == 20


def test_a_very_long_query_is_cut_not_refused(api, school):
    # Only the first 100 characters count: the word at the far end is dropped, not matched.
    response = api.get("/schools", q="henri" + " " * 100_000 + "nowhere")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [str(school.id)]


def test_control_characters_in_the_query_are_ignored(api, school):
    response = api.get("/schools", q="saint\x00henri")
    assert response.status_code == 200
    assert [item["name"] for item in response.json()["items"]] == ["Institut Saint-Henri"]


def test_percent_and_underscore_are_searched_literally(api, school):
    assert api.get("/schools", q="%%").json() == {"items": []}
    assert api.get("/schools", q="__").json() == {"items": []}


def test_the_best_matches_come_first(api, db):
    SchoolFactory.create_batch(25, name="ECOLE COMMUNALE", city="Dottignies (Mouscron)")
    athenee = SchoolFactory(name="athénée royal", city="Mouscron")
    inside = SchoolFactory(name="Institut des Mouscronnois", city="Tournai")
    items = api.get("/schools", q="mouscron").json()["items"]
    assert len(items) == 20
    # Capitals or not, "athenee" sorts before "ecole"; a part of a word comes last.
    assert items[0]["id"] == str(athenee.pk)
    assert str(inside.pk) not in [item["id"] for item in items]
    items = api.get("/schools", q="mouscron royal").json()["items"]
    assert [item["id"] for item in items] == [str(athenee.pk)]


def test_abbreviations_and_other_names_of_the_commune_are_understood(api, db):
    school = SchoolFactory(name="Institut Sainte-Marie", city="Mouscron")
    SchoolFactory(name="Collège Saint-Pierre", city="Uccle")
    for q in ["ste marie", "st-marie", "moeskroen", "Moeskroen marie"]:
        assert [item["id"] for item in api.get("/schools", q=q).json()["items"]] == [
            str(school.pk)
        ], q


def test_a_nul_byte_is_no_match_not_an_error(api, school):
    response = api.get("/schools", q="ab\x00cd")
    assert response.status_code == 200
    assert response.json() == {"items": []}
