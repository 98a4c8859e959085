"""Loading the demo data, idempotently: running it twice leaves the same database."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from relais.accounts.models import Organisation, Role, User
from relais.audit.models import ActorKind, AuditAction
from relais.audit.services import record
from relais.demo.cases import ensure_demo_case
from relais.directory.models import Service
from relais.directory.services import DirectoryReport, read_directory_file, upsert_services
from relais.schools.importers import FORMATS, ImportReport, import_schools_file
from relais.schools.models import School

DATA = Path(__file__).resolve().parent / "data"
SCHOOL_FILES = (
    ("be-fase", DATA / "schools-mouscron-fase.csv"),
    ("fr-annuaire", DATA / "schools-rennes-annuaire.csv"),
)
DIRECTORY_FILE = DATA / "directory-mouscron.yaml"
ORGANISATION = "Relais démo"
# The demo organisation handles the jurisdictions of the demo's school files.
JURISDICTIONS = [FORMATS[name].jurisdiction for name, _path in SCHOOL_FILES]
# How schools answer the demo's notices (its Reply-To and signature). Fictitious: .invalid never
# resolves, and the phone number is in a range kept for fiction.
CONTACT = {
    "email": "contact@demo.relais.invalid",
    "phone": "+32 56 00 00 00",
    "address": "Rue de la Démonstration 1\n7700 Mouscron\nBelgique",
    "website": "https://demo.relais.invalid/",
}
# username, role, also an administrator of the Django admin
ACCOUNTS = (
    ("demo-caseworker", Role.CASE_WORKER, False),
    ("demo-admin", Role.ADMINISTRATOR, True),
)
DEMO_EMAIL_DOMAIN = "demo.relais.invalid"  # .invalid never resolves (RFC 2606)
# The school's side: a direction of one demo school (with no organisation, as an invitation makes
# it) and a member of the demo directory's first CPMS (in the demo organisation, as its
# administrator makes one in the admin). Second factor as the staff accounts: at first sign-in.
DEMO_SCHOOL = ("be-fwb", "1336")  # Institut Saint-Charles, Mouscron (FASE list)
DEMO_SERVICE = ("Mouscron", "CPMS Libre Mouscron 1")  # the seed 002 directory
DIRECTION_ACCOUNT = "demo-direction"
RELAY_ACCOUNT = "demo-relay"


class DemoError(ValueError):
    """The demo cannot be loaded (e.g. the given password is too weak); nothing was written."""


@dataclass
class Account:
    username: str
    role: str
    created: bool
    password: str | None  # set in this run; None when left as it was
    where: str = ""  # the school or the service of a school's or a relay's account


@dataclass
class DemoReport:
    schools: list[tuple[str, ImportReport]] = field(default_factory=list)
    demo_emails: int = 0
    directory: DirectoryReport | None = None
    organisation_created: bool = False
    accounts: list[Account] = field(default_factory=list)


def load_demo(*, password: str | None = None) -> DemoReport:
    """Load the shipped demo data through the real importers, in one transaction.

    `password` (from RELAIS_DEMO_PASSWORD) is set on every demo account; without it, each new
    account gets a generated password, returned once in the report, and an existing account
    keeps its own.
    """
    report = DemoReport()
    with transaction.atomic():
        for format_name, path in SCHOOL_FILES:
            imported = import_schools_file(path=path, format_name=format_name)
            report.schools.append((path.name, imported))
            report.demo_emails += give_demo_emails(imported)
        report.directory = upsert_services(services=demo_services())
        organisation, report.organisation_created = Organisation.objects.get_or_create(
            name=ORGANISATION, defaults={"jurisdictions": JURISDICTIONS}
        )
        if sorted(organisation.jurisdictions) != sorted(JURISDICTIONS):
            organisation.jurisdictions = JURISDICTIONS
            organisation.save(update_fields=["jurisdictions", "updated_at"])
        missing = {k: v for k, v in CONTACT.items() if not getattr(organisation, k)}
        if missing:  # filled once; what an administrator changed since is kept
            for key, value in missing.items():
                setattr(organisation, key, value)
            organisation.save(update_fields=[*missing, "updated_at"])
        for username, role, admin in ACCOUNTS:
            report.accounts.append(
                ensure_account(
                    username=username,
                    role=role,
                    admin=admin,
                    organisation=organisation,
                    password=password,
                )
            )
        report.accounts.extend(side_accounts(organisation=organisation, password=password))
        # A first visit to /school/ shows a case with steps done, due and waiting.
        ensure_demo_case(
            school=School.objects.get(jurisdiction=DEMO_SCHOOL[0], code=DEMO_SCHOOL[1]),
            direction=User.objects.get(username=DIRECTION_ACCOUNT),
        )
    return report


def side_accounts(*, organisation: Organisation, password: str | None) -> list[Account]:
    """The demo school's direction and the demo CPMS's member."""
    jurisdiction, code = DEMO_SCHOOL
    school = School.objects.get(jurisdiction=jurisdiction, code=code)
    area, name = DEMO_SERVICE
    service = Service.objects.get(area=area, name=name)
    direction = ensure_account(
        username=DIRECTION_ACCOUNT,
        role=Role.DIRECTION,
        admin=False,
        organisation=None,
        password=password,
        school=school,
    )
    relay = ensure_account(
        username=RELAY_ACCOUNT,
        role=Role.RELAY,
        admin=False,
        organisation=organisation,
        password=password,
        service=service,
    )
    direction.where, relay.where = school.name, service.name
    return [direction, relay]


def demo_services() -> list[Service]:
    """The seed 002 directory as the file gives it, each e-mail replaced by an address that
    never delivers (relay+<its address>@demo.relais.invalid): a demo referral (relais/cases/
    referrals.py) must never reach a real service, as a demo notice never reaches a real
    school. Names, phones and what each offers stay the seed's; the file keeps its addresses."""
    services = read_directory_file(DIRECTORY_FILE)
    for service in services:
        if service.email:
            service.email = f"relay+{service.email.replace('@', '.')}@{DEMO_EMAIL_DOMAIN}"
    return services


def give_demo_emails(imported: ImportReport) -> int:
    """The FASE list has no e-mail column: give its demo schools an address that never
    delivers, so that a demo notice has somewhere to go and never reaches a real school."""
    jurisdiction = FORMATS[imported.format].jurisdiction
    schools = School.objects.filter(
        jurisdiction=jurisdiction, code__in=imported.codes, direction_email=""
    )
    count = 0
    for school in schools:
        school.direction_email = f"direction+{school.code.lower()}@{DEMO_EMAIL_DOMAIN}"
        school.save(update_fields=["direction_email", "updated_at"])
        count += 1
    return count


def ensure_account(
    *,
    username: str,
    role: str,
    admin: bool,
    organisation: Organisation | None,
    password: str | None,
    school: School | None = None,
    service: Service | None = None,
) -> Account:
    user = User.objects.filter(username=username).first()
    created = user is None
    if user is None:
        user = User(username=username)
    wanted = {
        "email": f"{username}@{DEMO_EMAIL_DOMAIN}",
        "organisation": organisation,
        "role": role,
        "school": school,
        "service": service,
        "is_active": True,
        "is_staff": admin,
        "is_superuser": admin,
    }
    changed = [name for name, value in wanted.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, wanted[name])
    new_password = None
    if password is not None:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise DemoError(" ".join(error.messages)) from None
        if created or not user.check_password(password):
            new_password = password
    elif created:
        new_password = secrets.token_urlsafe(12)
    if new_password is not None:
        user.set_password(new_password)
    if created:
        user.save()
        record(
            actor=None,
            action=AuditAction.DEMO_ACCOUNT_CREATED,
            obj=user,
            actor_kind=ActorKind.SYSTEM,
        )
    elif changed or new_password is not None:
        user.save()
    return Account(username=username, role=role, created=created, password=new_password)
