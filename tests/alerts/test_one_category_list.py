"""One category list (relais/alerts/categories.py): the forms, the API schema, the notice's
French words, the legal references and the redaction check's word list all read it, and agree."""

from __future__ import annotations

from relais.alerts.categories import FRENCH_WORDS, Category
from relais.alerts.forms import AlertForm
from relais.api.schemas import AlertIn
from relais.documents.legal import read_file
from relais.notices.not_names import NOT_NAMES
from relais.notices.texts import all_texts
from relais.schools.names import words


def test_every_category_has_its_french_words():
    assert set(FRENCH_WORDS) == set(Category.values)
    for words_of in FRENCH_WORDS.values():
        assert words_of.label and words_of.of


def test_no_word_of_a_category_is_taken_for_a_name():
    # "autres faits" was missing from the redaction check's list while the notice wrote it.
    for words_of in FRENCH_WORDS.values():
        for word in words(f"{words_of.label} {words_of.of}"):
            assert word in NOT_NAMES, word


def test_the_form_and_the_api_offer_the_same_categories():
    form_choices = [value for value, _label in AlertForm().fields["categories"].choices]
    schema = AlertIn.model_json_schema()["properties"]["categories"]
    offered = schema.get("enum") or schema.get("items", {}).get("enum")
    assert form_choices == list(Category.values)
    assert list(offered) == list(Category.values)


def test_every_notice_names_every_category_and_the_law_only_known_ones():
    for texts in all_texts().values():
        assert texts.labels(list(Category.values)) == [w.label for w in FRENCH_WORDS.values()]
    for row in read_file():
        assert set(row["categories"]) <= set(Category.values)
