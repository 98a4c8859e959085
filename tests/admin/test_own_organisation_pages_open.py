"""dora reaches every page of her own organisation's rows (the access tests are not passing
because every page is closed), and the platform administrator reaches everything."""

from __future__ import annotations

import pytest

from tests.admin.conftest import change_url, label, pages_of, registered_models
from tests.staff.conftest import inline_code


@pytest.mark.parametrize("who", ["dora", "root"])
def test_every_page_of_the_organisation_s_rows_opens(request, alices_world, who):
    client = request.getfixturevalue(f"{who}_client")
    for model in registered_models():
        obj = alices_world.everything()[label(model)]
        for page in pages_of(model, obj):
            response = client.get(page.url)
            if page.name.endswith(("_add", "_delete")):
                # Read-only or platform data: refused to dora, never a 404 or a 500.
                assert response.status_code in (200, 403), page.url
            else:
                assert response.status_code == 200, page.url
            # Every page, the checkboxes included, holds under the strict CSP.
            assert inline_code(response.content.decode()) == [], page.url
        listing = next(page for page in pages_of(model) if page.name.endswith("changelist"))
        assert change_url(obj) in client.get(listing.url).content.decode(), label(model)


def test_the_platform_administrator_sees_the_other_organisation_too(root_client, bob, fr_org):
    listing = root_client.get("/admin/accounts/organisation/").content.decode()
    assert change_url(fr_org) in listing
    assert change_url(bob) in root_client.get("/admin/accounts/user/").content.decode()
