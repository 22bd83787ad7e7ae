"""The permission registry: each app registers its own actions; a duplicate action or one
without a rule stops the start-up; the mechanism itself imports no app."""

from __future__ import annotations

import ast
from enum import StrEnum
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from backbone.lib import permissions
from backbone.lib.permissions import STAFF, any_of, public

BACKBONE = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            # ``from backbone import accounts`` imports the package too
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _modules(app: str) -> list[Path]:
    return [p for p in (BACKBONE / app).rglob("*.py") if "tests" not in p.parts]


def test_every_app_registers_its_actions_at_start_up():
    from backbone.governance.permissions import Action as GovernanceAction
    from backbone.measurement.permissions import Action as MeasurementAction
    from backbone.network.permissions import Action as NetworkAction

    registered = permissions.registered()
    assert registered["collective.view"] is NetworkAction.COLLECTIVE_VIEW
    assert registered["body.view_members"] is GovernanceAction.BODY_VIEW_MEMBERS
    assert registered["submission.view"] is MeasurementAction.SUBMISSION_VIEW
    assert {"member.invite", "audit.view", "delivery.manage"} <= set(registered)
    assert permissions.action("audit.view") == "audit.view"


def test_an_action_without_a_rule_is_refused():
    class Half(StrEnum):
        ONE = "test-half.one"
        TWO = "test-half.two"

    with pytest.raises(ImproperlyConfigured, match="no rule for test-half.two"):
        permissions.register(Half, {Half.ONE: public})
    assert "test-half.one" not in permissions.registered()


def test_an_action_value_another_app_registered_is_refused():
    class Thief(StrEnum):
        SUBMISSION_VIEW = "submission.view"

    with pytest.raises(ImproperlyConfigured, match="'submission.view'.*already"):
        permissions.register(Thief, {Thief.SUBMISSION_VIEW: public})
    assert permissions.registered()["submission.view"] is not Thief.SUBMISSION_VIEW


def test_a_rule_for_another_enums_action_is_refused():
    class Mine(StrEnum):
        ONE = "test-mine.one"

    class Other(StrEnum):
        ONE = "test-other.one"

    with pytest.raises(ImproperlyConfigured, match="rules for test-other.one"):
        permissions.register(Mine, {Mine.ONE: public, Other.ONE: public})


def test_registering_the_same_actions_again_changes_nothing():
    from backbone.home.permissions import Action

    permissions.register(Action, {Action.AUDIT_VIEW: any_of(STAFF)})
    assert permissions.registered()["audit.view"] is Action.AUDIT_VIEW


def test_an_unknown_action_is_an_error_not_a_refusal(world):
    with pytest.raises(LookupError, match="no action 'submission.veiw'"):
        permissions.can(world.staff, "submission.veiw", world.national)
    with pytest.raises(PermissionDenied):
        permissions.require(world.outsider, "audit.view", world.national)


def test_the_mechanism_imports_no_app():
    imported = _imports(BACKBONE / "lib" / "permissions.py")
    apps = {m for m in imported if m.startswith("backbone.") and not m.startswith("backbone.lib")}
    assert apps == set()


@pytest.mark.parametrize("app", ["network", "lib"])
def test_network_and_lib_import_no_accounts(app):
    """accounts imports network (its roles name collectives and organizations), never the
    reverse: the cycle between them must not come back."""
    offending = {
        str(path.relative_to(BACKBONE)): sorted(
            m
            for m in _imports(path)
            if m == "backbone.accounts" or m.startswith("backbone.accounts.")
        )
        for path in _modules(app)
    }
    assert {path: found for path, found in offending.items() if found} == {}
