"""Factories. Alerts are made through the real service so that they have a real receipt."""

from __future__ import annotations

import factory
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from relais.accounts.models import Organisation, Role, User
from relais.alerts.services import Submitted, submit_alert
from relais.schools.models import School

PASSWORD = "correct horse battery staple"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Athénée royal n°{n}")
    city = "Mouscron"
    postcode = "7700"
    code = factory.Sequence(lambda n: str(1000 + n))
    jurisdiction = "be-fwb"
    direction_email = factory.Sequence(lambda n: f"direction{n}@ecole.example")
    authority = "Fédération Wallonie-Bruxelles"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):  # type: ignore[no-untyped-def]
        school = model_class(*args, **kwargs)
        school.refresh_search_text()
        school.save()
        return school


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Association {n}")
    jurisdictions = factory.LazyFunction(lambda: ["fr", "be-fwb"])
    email = factory.Sequence(lambda n: f"contact{n}@association.example")  # notices need it


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@relais.example")
    role = Role.CASE_WORKER
    organisation = factory.SubFactory(OrganisationFactory)

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])


def totp_device(user: User) -> TOTPDevice:
    """A confirmed TOTP device for the user (what enrolment leaves behind)."""
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def totp_now(device: TOTPDevice) -> str:
    """The code the user's authenticator app would show right now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def make_alert(school: School | None = None, **overrides: object) -> Submitted:
    fields: dict = {
        "school": school or SchoolFactory(),
        "reporter_role": "witness",
        "categories": ["harcelement"],
        "description": "Un élève de 1re B est insulté chaque jour à la récréation.",
        "immediate_danger": False,
        "good_faith": True,
    }
    fields.update(overrides)
    return submit_alert(**fields)
