"""A refused post that says someone is in danger lists the numbers once, in the reader's order
and with the language each line speaks; and ticking "someone is in danger" shows the numbers
right below the box, without JavaScript (CSS :checked) and without scrolling back up."""

from __future__ import annotations

import re

from tests.public.conftest import form_data


def _main(html: str) -> str:
    return html.split('<main id="main" tabindex="-1">', 1)[1]


def test_a_dutch_reader_gets_awel_first_and_each_number_once(client, school):
    client.cookies["django_language"] = "nl"
    html = _main(
        client.post(
            "/form/", form_data(school, good_faith=None, immediate_danger="on")
        ).content.decode()
    )
    box = re.search(r'<section id="danger-now".*?</section>', html, re.S)
    assert box, "no emergency numbers at the top of the refusal"
    assert box.group(0).index(">102</a>") < box.group(0).index(">103</a>")
    assert re.search(
        r">103</a> <span>[^<]*<span class=\"language-note\">\(in het Frans\)", box.group(0)
    )
    # The numbers appear at the top of the refusal, and not again in the page's usual box.
    assert html.count(">103</a>") == 1


def test_the_numbers_are_right_below_the_danger_box(client, school):
    html = _main(client.get("/form/").content.decode())
    after = html.split('id="id_immediate_danger"', 1)[1]
    inline = re.search(r'<div id="danger-inline".*?</div>\s*</div>', after, re.S)
    assert inline, "no numbers next to the danger box"
    # Right after the box, before the next step of the form.
    assert after.index('id="danger-inline"') < after.index("id_good_faith")
    assert ">112</a>" in inline.group(0)
