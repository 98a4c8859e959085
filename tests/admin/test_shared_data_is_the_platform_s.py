"""Schools, the directory and legal references are shared by every organisation: any
administrator reads them, only the platform administrator (a superuser) changes them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from relais.schools.models import School
from tests.admin.conftest import label, pages_of, registered_models, snapshot

SHARED = ["schools.school", "directory.service", "documents.legalreference"]


def _model(name: str):
    return next(model for model in registered_models() if label(model) == name)


@pytest.mark.parametrize("who", ["dora", "erin"])
@pytest.mark.parametrize("name", SHARED)
def test_an_organisation_s_administrator_reads_but_cannot_change(request, alices_world, who, name):
    client = request.getfixturevalue(f"{who}_client")
    obj = alices_world.shared[name]
    before = snapshot()
    for page in pages_of(_model(name), obj):
        kind = page.name.rsplit("_", 1)[-1]
        if kind in ("changelist", "change", "history"):
            assert client.get(page.url).status_code == 200, page.url
        else:
            assert client.get(page.url).status_code == 403, page.url
        if kind not in ("changelist", "history"):
            assert client.post(page.url, {"post": "yes"}).status_code == 403, page.url
    assert 'name="_save"' not in client.get(pages_of(_model(name), obj)[-1].url).content.decode()
    assert snapshot() == before


def test_erin_cannot_send_a_school_s_notices_to_herself(erin_client, school):
    url = reverse("admin:schools_school_change", args=[school.pk])
    data = {
        "name": school.name,
        "city": school.city,
        "postcode": school.postcode,
        "code": school.code,
        "jurisdiction": school.jurisdiction,
        "direction_email": "attacker@evil.example",
        "is_open": "on",
    }
    assert erin_client.post(url, data).status_code == 403
    school.refresh_from_db()
    assert school.direction_email != "attacker@evil.example"


def test_the_platform_administrator_corrects_a_school_s_e_mail(root_client, school):
    url = reverse("admin:schools_school_change", args=[school.pk])
    data = {
        "name": school.name,
        "city": school.city,
        "postcode": school.postcode,
        "code": school.code,
        "jurisdiction": school.jurisdiction,
        "direction_email": "direction@saint-henri.example",
        "is_open": "on",
    }
    assert root_client.post(url, data).status_code == 302
    assert School.objects.get(pk=school.pk).direction_email == "direction@saint-henri.example"
