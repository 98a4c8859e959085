from relais.demo.loading import DIRECTORY_FILE
from relais.directory.models import Service
from relais.directory.selectors import services_for
from relais.directory.services import read_directory_file

SEED_002_PHONES = {
    "CPMS Libre Mouscron 1": "056/39 16 20",
    "CPMS Libre Mouscron 2": "056/39 16 01",
    "CPMS Provincial (ICET)": "056/48 18 90",
    "CPMS CF (Artem)": "056/33 32 27",
    "CPMS Spécialisé (Tremplin)": "056/34 70 06",
    "Service de Médiation Scolaire": "0474/81 08 91",
    "La Passerelle": "056/34 60 83",
    "Le Déclic": "0470/62 24 38",
    "Le pôle Psycho-social de la Police": "056/86 31 43",
    "Le Pôle égalité des chances": "056/86 03 09",
}


def test_the_seed_002_services_are_there_with_their_phones(run_demo):
    run_demo()

    services = services_for("be-fwb", area="Mouscron")
    assert {s.name: s.phone for s in services} == SEED_002_PHONES
    assert {s.jurisdiction for s in services} == {"be-fwb"}


def test_each_service_says_what_it_offers_and_how_to_write_to_it(run_demo):
    run_demo()

    passerelle = Service.objects.get(name="La Passerelle")
    assert passerelle.kind == Service.Kind.PSYCHOLOGICAL
    assert "soutien psychologique" in passerelle.offers
    declic = Service.objects.get(name="Le Déclic")
    assert declic.kind == Service.Kind.YOUTH
    assert Service.objects.get(name="Le pôle Psycho-social de la Police").kind == "police"
    assert all(s.offers for s in Service.objects.all())


SEED_002_EMAILS = {
    "CPMS Libre Mouscron 1": "cpms.libre.mouscron@skynet.be",
    "CPMS Libre Mouscron 2": "cpms.libre2.mouscron@gmail.com",
    "CPMS Provincial (ICET)": "cpms.mouscron@hainaut.be",
    "CPMS CF (Artem)": "dircpmscf.tourmail@sec.cfwb.be",
    "CPMS Spécialisé (Tremplin)": "cpmsmouscron@skynet.be",
    "Service de Médiation Scolaire": "christophe.bourgois@cfwb.be",
    "La Passerelle": "lapasserellemouscron@gmail.com",
    "Le Déclic": "amo.ledeclic@skynet.be",
    "Le pôle Psycho-social de la Police": "inp.delbecque@gmail.com",
    "Le Pôle égalité des chances": "egalite@mouscron.be",
}


def test_the_file_ships_every_seed_002_service_with_its_e_mail():
    services = read_directory_file(DIRECTORY_FILE)
    assert {s.name: s.email for s in services} == SEED_002_EMAILS
    assert {s.area for s in services} == {"Mouscron"}
    assert all(s.kind and s.phone and s.offers for s in services)


def test_a_demo_referral_never_reaches_a_real_service(run_demo):
    """Referrals e-mail a service: the demo gives each one an address that never delivers, as
    it does for the schools, and keeps the seed's address readable in it."""
    run_demo()

    emails = dict(Service.objects.values_list("name", "email"))
    assert emails["La Passerelle"] == ("relay+lapasserellemouscron.gmail.com@demo.relais.invalid")
    assert all(email.endswith("@demo.relais.invalid") for email in emails.values())
