from relais.schools.models import School


def test_the_demo_loads_the_mouscron_schools_of_the_fase_list(run_demo):
    output = run_demo()

    mouscron = School.objects.filter(city__contains="Mouscron")
    assert mouscron.count() == 39
    assert set(mouscron.values_list("jurisdiction", flat=True)) == {"be-fwb"}
    cities = set(mouscron.values_list("city", flat=True))
    assert {
        "Mouscron",
        "Dottignies (Mouscron)",
        "Herseaux (Mouscron)",
        "Luingne (Mouscron)",
    } <= cities
    assert "Schools from schools-mouscron-fase.csv (be-fase): added 39" in output


def test_demo_schools_get_an_address_that_never_reaches_a_real_school(run_demo):
    output = run_demo()

    emails = School.objects.values_list("code", "direction_email")
    assert len(emails) == 39 + 5
    assert all(email.endswith("@demo.relais.invalid") for _, email in emails)
    assert School.objects.get(code="1320").direction_email == "direction+1320@demo.relais.invalid"
    assert "39 school(s) had no direction e-mail" in output


def test_the_demo_has_french_schools_of_rennes_for_a_french_alert(run_demo):
    run_demo()

    rennes = School.objects.filter(jurisdiction="fr", city="Rennes")
    assert rennes.count() == 5
    college = rennes.get(code="0351638R")
    assert college.name == "Collège Anne de Bretagne"
    assert college.authority == "Académie de Rennes"
