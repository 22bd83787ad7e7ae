"""Existing names move into the per-language columns when the translation migrations run."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("network", "0003_collective_approval_person_contacts")]


@pytest.mark.django_db(transaction=True)
def test_ukrainian_and_latin_names_become_the_ukrainian_and_english_names():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    collective = old.get_model("network", "Collective").objects.create(
        name="Nation", slug="nation", level="national", description="The whole country"
    )
    organization = old.get_model("network", "Organization")
    organization.objects.create(
        collective=collective,
        name="Фонд «Надія»",
        name_latin="Hope Foundation",
        normalized_name="фонд «надія»",
        kind="ngo",
    )
    organization.objects.create(
        collective=collective, name="Клуб", name_latin="", normalized_name="клуб", kind="cbo"
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    new = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps
    rows = new.get_model("network", "Organization").objects.order_by("pk")
    assert [(o.name_en, o.name_uk, o.normalized_name_en) for o in rows] == [
        ("Hope Foundation", "Фонд «Надія»", "hope foundation"),
        ("Клуб", None, "клуб"),  # one name only: it becomes the name every language falls back to
    ]
    nation = new.get_model("network", "Collective").objects.get()
    assert (nation.name_en, nation.description_en) == ("Nation", "The whole country")
