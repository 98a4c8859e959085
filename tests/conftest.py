"""Shared fixtures: alice and bob work for two organisations, charlie has no role.

alice (case worker, "Association Wallonie-Bruxelles") handles alerts about be-fwb schools;
bob (case worker, "Association France") handles fr schools; charlie has an account and
nothing else. Whatever alice can see, bob and charlie must not.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from relais.accounts.models import Role
from tests.factories import (
    OrganisationFactory,
    SchoolFactory,
    UserFactory,
    make_alert,
    totp_device,
)

pytest_plugins = ["tests.browser_support", "tests.passes"]


_DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


@pytest.fixture(autouse=True)
def _clear_cache(request, django_db_blocker):
    # Rate-limit counters live in the cache, the test database's cache table (shared across
    # processes, as in production); each test that can reach the database starts with none.
    uses_database = request.node.get_closest_marker("django_db") or (
        _DATABASE_FIXTURES & set(request.fixturenames)
    )
    if uses_database:
        from django.core.cache import caches

        request.getfixturevalue("django_db_setup")
        with django_db_blocker.unblock():
            for alias in ("default",):
                caches[alias].clear()
    yield


@pytest.fixture(autouse=True)
def _english_unless_asked(settings):
    """Relais speaks French by default; the tests read its English source strings. A test about
    languages sends Accept-Language, sets the language cookie, or overrides the language."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # The real PBKDF2 hasher costs ~0.3 s per account made; tests check flows, not the hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def be_org(db):
    return OrganisationFactory(name="Association Wallonie-Bruxelles", jurisdictions=["be-fwb"])


@pytest.fixture
def fr_org(db):
    return OrganisationFactory(name="Association France", jurisdictions=["fr"])


@pytest.fixture
def alice(be_org):
    return UserFactory(username="alice", organisation=be_org, role=Role.CASE_WORKER)


@pytest.fixture
def bob(fr_org):
    return UserFactory(username="bob", organisation=fr_org, role=Role.CASE_WORKER)


@pytest.fixture
def charlie(db):
    return UserFactory(username="charlie", organisation=None, role=Role.NONE)


@pytest.fixture
def school(db):
    return SchoolFactory(name="Institut Saint-Henri", city="Mouscron", code="5432")


@pytest.fixture
def fr_school(db):
    return SchoolFactory(
        name="Collège Anne de Bretagne",
        city="Rennes",
        code="0350001A",
        jurisdiction="fr",
        postcode="35000",
    )


@pytest.fixture
def submitted(be_org, school):
    """An alert about alice's school, with its receipt."""
    return make_alert(school)


def login_verified(client: Client, user) -> Client:
    """Log a staff member in as after password and TOTP: a verified OTP session."""
    device = totp_device(user)
    client.force_login(user)
    # force_login skips the OTP step; mark the session verified the way django_otp.login does.
    # The real password + TOTP flow is tested in tests/staff/.
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def client_of(user: str) -> Any:
    """The fixture `<user>_client`: a client logged in as the user of fixture `user`, verified."""

    @pytest.fixture(name=f"{user}_client")
    def logged_in(request: pytest.FixtureRequest) -> Client:
        return login_verified(Client(), request.getfixturevalue(user))

    return logged_in


alice_client = client_of("alice")
bob_client = client_of("bob")
charlie_client = client_of("charlie")
