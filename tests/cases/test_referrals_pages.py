"""The referrals' pages: the school's directory search, referral and withdrawal; the relay's
link (/relay/?t=) and account (/relay/, /relay/<id>/) pages. Every POST ends in a 303, bad
input in a 400 with the message and nothing stored. Access (alice/bob/charlie, relays) is in
test_referrals_access.py."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import timezone, translation

from relais.audit.models import AuditAction, AuditEvent
from relais.cases import referrals
from relais.cases.models import Referral, ReferralLink, ReferralState
from relais.directory.models import Service
from tests.cases.referral_support import REQUEST, mint_link, refer, service
from tests.conftest import login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_client(alice) -> Client:
    return login_verified(Client(), alice)


@pytest.fixture
def rita_client(rita) -> Client:
    return login_verified(Client(), rita)


def names(response) -> list[str]:
    return [service.name for service in response.context["services"]]


def test_the_directory_opens_on_the_school_s_commune(school_client, cpms, psy, fr_cpe):
    response = school_client.get("/school/directory/")
    assert response.status_code == 200
    assert names(response) == ["CPMS Libre Mouscron 1", "La Passerelle"]  # never another country's


def test_opened_from_a_case_in_a_village_it_lists_the_commune_s_services_not_no_match(
    school_client, school, pupil_case, cpms, psy
):
    """The demo school's city is "Dottignies (Mouscron)": the first page lists Mouscron's
    services (and those acting everywhere), with the commune in the search box; "no service
    matches" is said only after a search that finds none."""
    school.city = "Dottignies (Mouscron)"
    school.save(update_fields=["city"])
    helpline = service("Écoute-Enfants", Service.Kind.HELPLINE, area="")
    Service.objects.filter(pk=psy.pk).update(offers="peut te proposer un soutien psychologique.")

    response = school_client.get("/school/directory/", {"case": str(pupil_case.pk)})

    html = response.content.decode()
    assert names(response) == [cpms.name, psy.name, helpline.name]
    assert "No service of the directory matches" not in html
    assert 'id="directory-start"' in html and "acting in Mouscron" in html
    assert 'value="Mouscron"' in html  # the search starts from the commune
    # The seed's description speaks to pupils: kept as written, shown as the service's own words.
    assert "In the service's own words:" in html
    assert '<blockquote lang="fr">peut te proposer un soutien psychologique.</blockquote>' in html
    searched = school_client.get("/school/directory/", {"case": str(pupil_case.pk), "q": "Liège"})
    assert names(searched) == []
    assert "No service of the directory matches" in searched.content.decode()
    assert 'id="directory-start"' not in searched.content.decode()


def test_a_school_whose_commune_has_no_service_is_asked_to_search(school_client, school, fr_cpe):
    school.city = "Comines"
    school.save(update_fields=["city"])
    service("Écoute-Enfants", Service.Kind.HELPLINE, area="")

    response = school_client.get("/school/directory/")

    html = response.content.decode()
    assert names(response) == []
    assert "Search the directory by commune, postcode or name" in html
    assert "No service of the directory matches" not in html


def test_the_directory_is_searched_by_postcode_name_and_kind(school_client, school, cpms, psy):
    elsewhere = service("CPMS de Tournai", Service.Kind.PMS, area="Tournai")
    everywhere = service("Écoute-Enfants", Service.Kind.HELPLINE, area="")
    # 7700 is Mouscron's postcode: the services acting in the communes of its schools.
    by_postcode = names(school_client.get("/school/directory/", {"q": "7700"}))
    assert by_postcode == [everywhere.name, cpms.name, psy.name]
    by_kind = names(school_client.get("/school/directory/", {"q": "mouscron", "kind": "pms"}))
    assert by_kind == [cpms.name]
    assert names(school_client.get("/school/directory/", {"q": "passerelle"})) == [psy.name]
    assert names(school_client.get("/school/directory/", {"q": "Tournai"})) == [
        everywhere.name,
        elsewhere.name,
    ]
    assert names(school_client.get("/school/directory/", {"q": "Liège"})) == []


def test_the_directory_picks_a_service_for_the_case(school_client, pupil_case, cpms):
    response = school_client.get("/school/directory/", {"case": str(pupil_case.pk)})
    refer_url = f"/school/cases/{pupil_case.pk}/refer/{cpms.pk}/"
    assert refer_url in response.content.decode()
    assert school_client.get("/school/directory/", {"case": "not-a-case"}).status_code == 404


def test_the_school_refers_its_case_from_the_form(school_client, pupil_case, cpms):
    url = f"/school/cases/{pupil_case.pk}/refer/{cpms.pk}/"
    page = school_client.get(url)
    assert page.status_code == 200
    assert "No names" in page.content.decode()
    # The help gives the school's own jurisdiction's age of consent.
    assert "in Wallonia-Brussels Federation a pupil may from 13 years old" in page.content.decode()
    response = school_client.post(
        url,
        {
            "consent_by": "parents",
            "consent_at": (date.today() - timedelta(days=1)).isoformat(),
            "request": REQUEST,
        },
    )
    assert response.status_code == 303
    assert response["Location"].startswith(f"/school/cases/{pupil_case.pk}/")
    referral = Referral.objects.get()
    assert (referral.service, referral.state) == (cpms, ReferralState.SENT)


# A day the consent may have been given: the case opened yesterday.
YESTERDAY = (date.today() - timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"consent_at": YESTERDAY, "request": REQUEST}, "Say who consented"),
        ({"consent_by": "parents", "request": REQUEST}, "Give the date of the consent"),
        (
            {"consent_by": "parents", "consent_at": "2999-01-01", "request": REQUEST},
            "in the future",
        ),
        (
            {"consent_by": "pupil", "consent_at": YESTERDAY, "request": REQUEST},
            "pupil&#x27;s age",
        ),
        (
            {
                "consent_by": "pupil",
                "consent_at": YESTERDAY,
                "pupil_age": "12",
                "request": REQUEST,
            },
            "consents alone from 13",
        ),
        ({"consent_by": "parents", "consent_at": YESTERDAY, "request": ""}, "Say what you ask"),
        (
            {"consent_by": "parents", "consent_at": YESTERDAY, "request": "Voir Lucas Martin"},
            "real name of a person of the case",
        ),
    ],
)
def test_a_bad_referral_shows_the_form_again_with_why(
    school_client, pupil_case, cpms, data, message
):
    response = school_client.post(f"/school/cases/{pupil_case.pk}/refer/{cpms.pk}/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Referral.objects.exists()


def test_the_school_withdraws_a_referral_with_a_reason(school_client, pupil_case, alice, cpms):
    referral = refer(pupil_case, alice, cpms)
    url = f"/school/cases/{pupil_case.pk}/referrals/{referral.pk}/revoke/"
    assert school_client.get(url).status_code == 200
    refused = school_client.post(url, {"reason": ""})
    assert refused.status_code == 400 and "Say why the school withdraws" in refused.content.decode()
    assert Referral.objects.get().state == ReferralState.SENT
    response = school_client.post(url, {"reason": "Les parents retirent leur accord."})
    assert response.status_code == 303
    assert Referral.objects.get().state == ReferralState.REVOKED
    # Withdrawn once: the page no longer offers it, and a replayed POST changes nothing.
    again = school_client.post(url, {"reason": "Encore."})
    assert again.status_code == 303
    assert Referral.objects.get().reason == "Les parents retirent leur accord."


def test_the_relay_reads_the_referral_through_its_link_pseudonyms_only(
    client, pupil_case, alice, cpms
):
    referral = refer(pupil_case, alice, cpms)
    token = mint_link(referral)
    response = client.get("/relay/", {"t": token})
    assert response.status_code == 200
    text = response.content.decode()
    assert pupil_case.number in text and "Institut Saint-Henri" in text
    assert "insulté·e chaque midi" in text  # the request
    assert "Élève A" in text and "Élève B" in text
    assert "Lucas Martin" not in text  # never a real name
    assert pupil_case.summary not in text  # nor the school's own summary
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    # Opened: audited once a day.
    client.get("/relay/", {"t": token})
    assert AuditEvent.objects.filter(action=AuditAction.REFERRAL_OPENED).count() == 1


def test_the_relay_accepts_then_records_done_through_its_link(client, pupil_case, alice, cpms):
    referral = refer(pupil_case, alice, cpms)
    token = mint_link(referral)
    response = client.post("/relay/", {"t": token, "action": "accept"})
    assert response.status_code == 303
    assert response["Location"] == f"/relay/?t={token}&saved=1"
    assert token not in response.wsgi_request.path  # the token never in a path
    assert Referral.objects.get().state == ReferralState.ACCEPTED
    page = client.get(response["Location"]).content.decode()
    assert "Record the work as done" in page and "Accept the referral" not in page
    assert (
        '<p class="notice saved" role="status" id="answer-saved">You accepted the request.' in page
    )
    assert "answer-saved" not in client.get("/relay/", {"t": token}).content.decode()
    replay = client.post("/relay/", {"t": token, "action": "accept"})
    assert replay.status_code == 400 and "already accepted" in replay.content.decode()
    done = client.post("/relay/", {"t": token, "action": "done", "note": "Deux entretiens."})
    assert done.status_code == 303
    assert Referral.objects.get().state == ReferralState.DONE
    assert "Your work is recorded as done." in client.get(done["Location"]).content.decode()


def test_the_relay_s_refusal_needs_a_reason(client, pupil_case, alice, cpms):
    referral = refer(pupil_case, alice, cpms)
    token = mint_link(referral)
    response = client.post("/relay/", {"t": token, "action": "refuse", "reason": ""})
    assert response.status_code == 400
    assert "Say why the service refuses" in response.content.decode()
    assert Referral.objects.get().state == ReferralState.SENT
    client.post("/relay/", {"t": token, "action": "refuse", "reason": "Hors zone."})
    assert Referral.objects.get().state == ReferralState.REFUSED
    # After a refusal the relay no longer reads the case's people.
    assert "Élève B" not in client.get("/relay/", {"t": token}).content.decode()


def test_an_expired_link_is_gone_an_unknown_one_not_found(client, pupil_case, alice, cpms):
    token = mint_link(refer(pupil_case, alice, cpms))
    assert client.get("/relay/", {"t": "nope"}).status_code == 404
    assert client.post("/relay/", {"t": "nope", "action": "accept"}).status_code == 404
    ReferralLink.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get("/relay/", {"t": token})
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert client.post("/relay/", {"t": token, "action": "accept"}).status_code == 410
    assert Referral.objects.get().state == ReferralState.SENT


def test_a_withdrawn_request_says_the_school_withdrew_it(
    client, pupil_case, alice, cpms, rita_client
):
    referral = refer(pupil_case, alice, cpms)
    token = mint_link(referral)
    client.post("/relay/", {"t": token, "action": "accept"})
    refer_url = f"/school/cases/{pupil_case.pk}/referrals/{referral.pk}/revoke/"
    login_verified(Client(), alice).post(refer_url, {"reason": "Erreur."})
    response = client.get("/relay/", {"t": token})
    assert response.status_code == 410
    assert "The school withdrew this request" in response.content.decode()
    assert client.post("/relay/", {"t": token, "action": "done"}).status_code == 410
    assert rita_client.get(f"/relay/{referral.pk}/").status_code == 410
    assert str(referral.pk) not in rita_client.get("/relay/").content.decode()


def test_a_member_of_the_service_lists_and_answers_its_referrals(
    rita_client, pupil_case, alice, cpms
):
    referral = refer(pupil_case, alice, cpms)
    home = rita_client.get("/relay/")
    assert home.status_code == 200
    assert f"/relay/{referral.pk}/" in home.content.decode()
    page = rita_client.get(f"/relay/{referral.pk}/")
    assert page.status_code == 200 and "Élève A" in page.content.decode()
    assert "Lucas Martin" not in page.content.decode()
    response = rita_client.post(f"/relay/{referral.pk}/", {"action": "accept"})
    assert response.status_code == 303 and response["Location"] == f"/relay/{referral.pk}/?saved=1"
    assert Referral.objects.get().state == ReferralState.ACCEPTED
    assert (
        'role="status" id="answer-saved"' in rita_client.get(response["Location"]).content.decode()
    )
    done = rita_client.post(f"/relay/{referral.pk}/", {"action": "done", "note": ""})
    page = rita_client.get(done["Location"]).content.decode()
    assert '<p class="notice saved" role="status" id="answer-saved">Your work is recorded' in page


def test_an_overdue_referral_is_flagged_to_the_school_and_the_relay(
    school_client, rita_client, pupil_case, alice, cpms
):
    referral = refer(pupil_case, alice, cpms)
    Referral.objects.filter(pk=referral.pk).update(answer_by=timezone.now() - timedelta(hours=1))
    assert "answer overdue" in rita_client.get("/relay/").content.decode()
    assert "your answer is overdue" in rita_client.get(f"/relay/{referral.pk}/").content.decode()
    panel = panel_of(pupil_case, alice)
    assert "no answer in time" in panel and cpms.name in panel


def panel_of(pupil_case, user) -> str:
    """The case page's referrals part, as the case page includes it."""
    return Template('{% include "cases/_referrals.html" %}').render(
        Context({"case": pupil_case, "user": user})
    )


def test_the_case_page_lists_the_referrals_with_their_states_and_dates(
    pupil_case, alice, cpms, psy
):
    refused = refer(pupil_case, alice, psy)
    referrals.answer(
        referral=refused,
        accept=False,
        reason="Complet ce mois-ci.",
        by_link_or_user=link_of(refused),
    )
    refer(pupil_case, alice, cpms)
    panel = panel_of(pupil_case, alice)
    assert "refused" in panel and "Complet ce mois-ci." in panel
    assert "sent" in panel and "answer expected by" in panel
    assert "Consent: the parents" in panel
    assert f"/school/directory/?case={pupil_case.pk}" in panel  # refer to another service
    assert panel.count("Withdraw the referral") == 1  # the refused one is closed


def test_the_association_sees_the_states_not_the_texts(pupil_case, alice, cpms, dora):
    refer(pupil_case, alice, cpms)
    panel = panel_of(pupil_case, dora)
    assert cpms.name in panel and "sent" in panel
    assert "insulté·e" not in panel and "Withdraw" not in panel and "directory" not in panel


def test_a_referral_s_states_and_dates_read_in_french_as_a_request(
    rita_client, pupil_case, alice, cpms, psy
):
    """A referral is "une demande" in French: its states and dates agree with it (feminine),
    on the relay's page, its list and the school's "Services relais" part."""
    done = refer(pupil_case, alice, cpms)
    referrals.answer(referral=done, accept=True, by_link_or_user=link_of(done))
    referrals.mark_done(referral=done, note="", by_link_or_user=link_of(done))
    refused = refer(pupil_case, alice, psy)
    referrals.answer(
        referral=refused, accept=False, reason="Complet.", by_link_or_user=link_of(refused)
    )
    page = rita_client.get(f"/relay/{done.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "État de la demande :</strong> terminée" in page
    assert "<dt>Envoyée le</dt>" in page and "<dt>Clôturée le</dt>" in page
    assert "terminé<" not in page and "Close le" not in page and "Envoyé le" not in page
    listing = rita_client.get("/relay/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "terminée · envoyée le" in listing
    with translation.override("fr"):
        panel = panel_of(pupil_case, alice)
    assert "<strong>terminée</strong>" in panel and "<strong>refusée</strong>" in panel
    assert "clôturée le" in panel and "close le" not in panel
    with translation.override("fr"):
        labels = [str(label) for label in ReferralState.labels]
    assert labels == ["envoyée", "acceptée", "refusée", "terminée", "retirée"]


def link_of(referral):
    return referrals.link_for_token(mint_link(referral))
