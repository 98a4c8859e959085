from relais.directory.models import Service
from relais.directory.selectors import services_for

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
    assert passerelle.email == "lapasserellemouscron@gmail.com"
    assert "soutien psychologique" in passerelle.offers
    declic = Service.objects.get(name="Le Déclic")
    assert (declic.kind, declic.email) == (Service.Kind.YOUTH, "amo.ledeclic@skynet.be")
    assert Service.objects.get(name="Le pôle Psycho-social de la Police").kind == "police"
    assert all(s.offers for s in Service.objects.all())
