"""The access tests of this package walk the admin's registry: a model registered later must be
given a row here, or this test fails and says which."""

from tests.admin.conftest import label, registered_models


def test_every_registered_model_has_a_row_to_attack(alices_world):
    assert {label(model) for model in registered_models()} == set(alices_world.everything())


def test_every_model_admin_serves_the_usual_pages(alices_world):
    from tests.admin.conftest import pages_of

    for model in registered_models():
        names = {
            page.name.rsplit("_", 1)[-1]
            for page in pages_of(model, alices_world.everything()[label(model)])
        }
        assert {"changelist", "add", "change", "delete", "history"} <= names, label(model)
