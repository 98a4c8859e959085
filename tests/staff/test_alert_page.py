from django.urls import reverse

from relais.alerts.services import post_reporter_message, set_consent
from tests.factories import make_alert
from tests.staff.conftest import inline_code


def _page(client, alert):
    response = client.get(reverse("staff:alert", args=[alert.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_html_in_a_description_is_shown_escaped(alice_client, be_org, school):
    alert = make_alert(school, description='<script>alert("x")</script><b onclick="x()">gras</b>')
    html = _page(alice_client, alert.alert)
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<b onclick" not in html


def test_html_in_a_reporter_message_is_shown_escaped(alice_client, submitted):
    post_reporter_message(alert=submitted.alert, body="<img src=x onerror=alert(1)>")
    html = _page(alice_client, submitted.alert)
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_description_stays_out_of_the_title(alice_client, submitted):
    html = _page(alice_client, submitted.alert)
    title = html.split("<title>")[1].split("</title>")[0]
    assert "insulté" not in title
    assert submitted.alert.reference in title


def test_the_page_shows_the_facts(alice_client, be_org, school):
    alert = make_alert(
        school,
        categories=["cyberharcelement", "menace"],
        platforms=["snapchat"],
        class_grade="2e C",
        immediate_danger=True,
    ).alert
    html = _page(alice_client, alert)
    assert "Institut Saint-Henri" in html
    assert "2e C" in html
    assert "Snapchat" in html
    assert 'class="danger-flag"' in html


def test_the_reporters_identity_shows_only_once_revealed(alice_client, submitted):
    html = _page(alice_client, submitted.alert)
    assert 'class="identity"' not in html
    set_consent(
        alert=submitted.alert,
        escalation=False,
        reveal_identity=True,
        name="Camille Témoin",
        contact="camille@example.org",
    )
    html = _page(alice_client, submitted.alert)
    assert "Camille Témoin" in html
    assert "camille@example.org" in html


def test_the_thread_shows_both_sides(alice_client, submitted):
    post_reporter_message(alert=submitted.alert, body="Ça continue aujourd'hui.")
    alice_client.post(
        reverse("staff:reply", args=[submitted.alert.pk]), {"body": "Nous appelons l'école."}
    )
    html = _page(alice_client, submitted.alert)
    assert "Ça continue aujourd&#x27;hui." in html
    assert "Nous appelons l&#x27;école." in html


def test_staff_pages_have_no_inline_code(alice_client, client, submitted):
    pages = [
        (alice_client, reverse("staff:inbox")),
        (alice_client, reverse("staff:alert", args=[submitted.alert.pk])),
        (client, reverse("staff:login")),
    ]
    for browser, url in pages:
        response = browser.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url
        assert "style-src 'self'" in response["Content-Security-Policy"]
