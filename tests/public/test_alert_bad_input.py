"""Every kind of bad input gets a clear message and stores nothing."""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlencode

from relais.alerts.models import Alert
from relais.audit.models import AuditEvent


def _refused(response, message: str) -> str:
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-summary"' in html
    assert message in html
    assert Alert.objects.count() == 0
    assert AuditEvent.objects.count() == 0
    return html


def test_an_unknown_school_is_refused(client, alert_form):
    alert_form["school_id"] = str(uuid.uuid4())
    _refused(
        client.post("/form/", alert_form, follow=True),
        "We do not know this school. Search for it again.",
    )


def test_a_school_id_that_is_not_an_id_is_refused(client, alert_form):
    alert_form["school_id"] = "<script>"
    _refused(client.post("/form/", alert_form, follow=True), "Choose the school.")


def test_a_missing_school_is_refused(client, alert_form):
    del alert_form["school_id"]
    html = _refused(client.post("/form/", alert_form, follow=True), "Choose the school.")
    assert 'href="#q"' in html


def test_a_missing_good_faith_statement_is_refused(client, alert_form):
    del alert_form["good_faith"]
    html = _refused(
        client.post("/form/", alert_form, follow=True),
        "You must confirm that you report in good faith.",
    )
    assert 'href="#id_good_faith"' in html
    assert re.search(r'aria-describedby="[^"]*id_good_faith_error', html)


def test_the_good_faith_statement_warns_about_false_accusations(client, school):
    html = client.get("/form/").content.decode()
    assert "defamation, slander" in html


def test_an_unknown_category_is_refused(client, alert_form):
    alert_form["categories"] = ["harcelement", "nope"]
    _refused(
        client.post("/form/", alert_form, follow=True), "nope is not one of the kinds of situation"
    )


def test_no_category_is_refused(client, alert_form):
    del alert_form["categories"]
    _refused(
        client.post("/form/", alert_form, follow=True), "Choose at least one kind of situation."
    )


def test_an_empty_description_is_refused(client, alert_form):
    alert_form["description"] = "   "
    _refused(client.post("/form/", alert_form, follow=True), "Describe what happened.")


def test_a_description_over_twenty_thousand_characters_gets_the_form_error(client, alert_form):
    alert_form["description"] = "a" * 20_001
    html = _refused(client.post("/form/", alert_form, follow=True), "20000")
    assert "(it has 20001)" in html
    # The reporter's text is kept on the page so that they can shorten it.
    assert "a" * 20_001 in html


def test_a_ten_megabyte_description_gets_a_clear_413_page(client, alert_form):
    alert_form["description"] = "x" * (10 * 1024 * 1024)
    response = client.post("/form/", alert_form, follow=True)
    assert response.status_code == 413
    html = response.content.decode()
    assert "nothing was saved" in html
    assert 'id="quick-exit"' in html
    assert Alert.objects.count() == 0


def test_a_ten_megabyte_urlencoded_body_gets_the_same_413_page(client, alert_form):
    alert_form["description"] = "x" * (10 * 1024 * 1024)
    body = urlencode(alert_form, doseq=True)
    response = client.post(
        "/form/", body, content_type="application/x-www-form-urlencoded", follow=True
    )
    assert response.status_code == 413
    assert Alert.objects.count() == 0


def test_invalid_utf8_is_refused(client, alert_form):
    alert_form["description"] = "placeholder"
    body = urlencode(alert_form, doseq=True).replace("placeholder", "caf%E9%FF")
    response = client.post(
        "/form/", body, content_type="application/x-www-form-urlencoded", follow=True
    )
    _refused(response, "it is not valid UTF-8")


def test_control_characters_are_refused(client, alert_form):
    alert_form["description"] = "hidden\x1btext"
    _refused(client.post("/form/", alert_form, follow=True), "invisible control characters")


def test_a_date_in_the_future_is_refused(client, alert_form):
    alert_form["started_on"] = "2999-01-01"
    _refused(client.post("/form/", alert_form, follow=True), "This date is in the future.")


def test_html_and_script_are_shown_back_escaped(client, alert_form):
    alert_form["description"] = '<script>alert("x")</script><b>bold</b>'
    del alert_form["good_faith"]
    html = _refused(client.post("/form/", alert_form, follow=True), "good faith")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;" in html


def test_html_and_script_are_stored_as_plain_text(client, alert_form):
    alert_form["description"] = '<script>alert("x")</script> on the bus'
    assert client.post("/form/", alert_form, follow=True).status_code == 200
    assert Alert.objects.get().description == '<script>alert("x")</script> on the bus'


def test_the_chosen_school_survives_a_failed_post(client, school, alert_form):
    del alert_form["good_faith"]
    html = client.post("/form/", alert_form, follow=True).content.decode()
    assert f'value="{school.pk}" checked' in html


def test_a_get_with_alert_fields_stores_nothing(client, alert_form):
    response = client.get("/form/", alert_form)
    assert response.status_code == 200
    assert Alert.objects.count() == 0
