from relais.directory.models import Service
from relais.directory.selectors import services_for


def make(name: str, area: str, jurisdiction: str = "be-fwb") -> Service:
    return Service.objects.create(name=name, area=area, jurisdiction=jurisdiction, kind="other")


def test_services_for_an_area_include_those_acting_everywhere_in_the_jurisdiction(db):
    make("CPMS Mouscron", "Mouscron")
    make("CPMS Tournai", "Tournai")
    make("Écoute-Enfants", "")
    make("Net Ecoute", "", jurisdiction="fr")

    names = [s.name for s in services_for("be-fwb", area="mouscron")]

    assert sorted(names) == ["CPMS Mouscron", "Écoute-Enfants"]


def test_services_for_a_jurisdiction_never_include_another_jurisdiction(db):
    make("CPMS Mouscron", "Mouscron")
    make("Net Ecoute", "", jurisdiction="fr")

    assert [s.name for s in services_for("fr")] == ["Net Ecoute"]
    assert [s.name for s in services_for("be-fwb")] == ["CPMS Mouscron"]
