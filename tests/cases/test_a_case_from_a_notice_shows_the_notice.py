"""A case opened from a notice shows what the school was told: the notice's facts in view and
its whole text a click away (already anonymised: the school received it), and copies nothing of
it into the school's own summary. Opening from a notice on /school/ lets the school choose the
procedure, the jurisdiction's default chosen; without a choice sent, the default."""

from __future__ import annotations

import pytest

from relais.cases.models import Case
from relais.cases.services import open_from_notice

FACTS = "Un·e élève de 1re B reçoit des messages insultants sur un groupe de classe."
BODY = "Madame la Directrice, une alerte nous est parvenue au sujet de votre établissement."


@pytest.fixture
def notice(acknowledged):
    acknowledged.subject = "Harcèlement en ligne en 1re B"
    acknowledged.body, acknowledged.facts = BODY, FACTS
    acknowledged.save()
    return acknowledged


def test_the_case_shows_the_notice_s_facts_and_its_whole_text(alice, alice_client, notice):
    case = open_from_notice(notice=notice, by=alice)

    html = alice_client.get(f"/school/cases/{case.pk}/").content.decode()
    about = html.split('id="about"')[1].split("</section>")[0]

    # The facts are in view, not folded away: only the whole notice is behind a summary.
    before_details = about.split("<details")[0]
    assert "Harcèlement en ligne en 1re B" in before_details and FACTS in before_details
    assert BODY in about.split("<details")[1]
    assert about.index(FACTS) < about.index('name="summary"')


def test_a_notice_without_facts_shows_its_text_unfolded(alice, alice_client, acknowledged):
    case = open_from_notice(notice=acknowledged, by=alice)

    about = alice_client.get(f"/school/cases/{case.pk}/").content.decode().split('id="about"')[1]

    assert '<details class="notice-text" open>' in about and "Texte de l&#x27;avis" in about


def test_nothing_of_the_notice_is_copied_into_the_summary(alice, alice_client, notice):
    case = open_from_notice(notice=notice, by=alice)

    html = alice_client.get(f"/school/cases/{case.pk}/").content.decode()

    assert case.summary == ""
    textarea = html.split('name="summary"')[1].split("</textarea>")[0]
    assert FACTS not in textarea and BODY not in textarea


def test_the_home_offers_the_procedures_with_the_default_chosen(alice_client, notice):
    html = alice_client.get("/school/").content.decode()
    form = html.split(f'action="/school/notices/{notice.pk}/open/"')[1].split("</form>")[0]

    assert f'<select name="protocol" id="protocol-{notice.pk}">' in form
    assert '<option value="mouscron" selected>' in form
    assert '<option value="fwb-procedure">' in form


def test_the_school_opens_the_notice_s_case_with_the_procedure_it_chose(alice_client, notice):
    response = alice_client.post(
        f"/school/notices/{notice.pk}/open/", {"protocol": "fwb-procedure"}
    )

    assert response.status_code == 303
    assert Case.objects.get().protocol == "fwb-procedure"


def test_without_a_choice_the_case_follows_the_jurisdiction_s_default(alice_client, notice):
    alice_client.post(f"/school/notices/{notice.pk}/open/")

    assert Case.objects.get().protocol == "mouscron"


def test_a_procedure_of_another_jurisdiction_is_refused(alice_client, notice):
    response = alice_client.post(f"/school/notices/{notice.pk}/open/", {"protocol": "phare"})

    assert response.status_code == 400
    assert "not one of the school" in response.content.decode()
    assert not Case.objects.exists()


def test_another_school_s_member_opens_nothing_whatever_the_procedure(bob_client, notice):
    response = bob_client.post(f"/school/notices/{notice.pk}/open/", {"protocol": "mouscron"})

    assert response.status_code == 404
    assert not Case.objects.exists()
