"""The date-order sentence is recognised whatever language the site spoke when the export was
imported (French in production, the reader's may differ), and its raw date read either way."""

from __future__ import annotations

from datetime import date

from django.utils import translation
from django.utils.translation import gettext

from relais.timeline.import_problems import AMBIGUOUS, report_of
from relais.timeline.models import ChatImport
from tests.documents.conftest import add_item


def _stored(submitted, *problems: str) -> ChatImport:
    item = add_item(submitted.alert, b"not read here", "chat.txt")
    return ChatImport.objects.create(
        item=item, status=ChatImport.Status.IMPORTED, problems=list(problems)
    )


def test_a_sentence_stored_in_french_is_asked_to_an_english_reader(submitted):
    with translation.override("fr"):
        sentence = gettext(AMBIGUOUS) % {"raw": "01/03/2024", "date": "2024-01-03"}
    found = _stored(submitted, sentence, "Ligne 7 : autre chose")

    report = report_of(found)

    assert report.question.raw == "01/03/2024"
    assert report.question.day_first == date(2024, 3, 1)
    assert report.question.month_first == date(2024, 1, 3)
    assert report.question.read_as == date(2024, 1, 3)
    assert report.problems == ["Ligne 7 : autre chose"]


def test_a_two_digit_year_is_read_in_this_century(submitted):
    sentence = AMBIGUOUS % {"raw": "05.04.24", "date": "2024-04-05"}
    report = report_of(_stored(submitted, sentence))
    assert report.question.day_first == date(2024, 4, 5)
    assert report.question.month_first == date(2024, 5, 4)


def test_an_import_without_problems_has_no_report(submitted):
    assert report_of(_stored(submitted)) is None
