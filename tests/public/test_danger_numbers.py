from __future__ import annotations

import re

from tests.public.conftest import form_data


def _danger_box(html: str) -> str:
    match = re.search(r'<section id="danger".*?</section>', html, re.S)
    assert match, "no emergency numbers on the page"
    return match.group(0)


def test_the_form_shows_the_numbers_of_both_jurisdictions_before_a_school_is_chosen(client, school):
    box = _danger_box(client.get("/form/").content.decode())
    for number in ("112", "101", "103", "116 000", "17", "119", "3018"):
        assert f">{number}</a>" in box
    assert 'href="tel:116000"' in box


def test_danger_in_belgium_shows_the_belgian_numbers_first_on_the_receipt(client, alert_form):
    alert_form["immediate_danger"] = "on"
    html = client.post("/form/", alert_form, follow=True).content.decode()
    main = html.split('<main id="main" tabindex="-1">', 1)[1]
    assert main.lstrip().startswith('<section id="danger"')
    box = _danger_box(main)
    assert ">103</a>" in box
    assert ">116 000</a>" in box
    assert ">3018</a>" not in box
    assert main.index('id="danger"') < main.index('id="receipt"')


def test_danger_in_france_shows_the_french_numbers_first_on_the_receipt(client, fr_school):
    data = form_data(fr_school, immediate_danger="on")
    html = client.post("/form/", data, follow=True).content.decode()
    main = html.split('<main id="main" tabindex="-1">', 1)[1]
    assert main.lstrip().startswith('<section id="danger"')
    box = _danger_box(main)
    assert ">3018</a>" in box
    assert ">119</a>" in box
    assert ">103</a>" not in box


def test_without_danger_the_receipt_comes_first(client, alert_form):
    html = client.post("/form/", alert_form, follow=True).content.decode()
    assert html.index('id="receipt"') < html.index('id="danger"')


def test_once_a_school_is_chosen_the_form_shows_its_jurisdiction_numbers(client, fr_school):
    data = form_data(fr_school, good_faith=None)
    box = _danger_box(client.post("/form/", data, follow=True).content.decode())
    assert ">3018</a>" in box
    assert ">103</a>" not in box
