from django.test import Client

from backbone.home.audit import audit_entries
from backbone.network import services


def test_change_through_the_web_is_recorded_with_who_old_and_new(world):
    client = Client()
    client.force_login(world.staff)
    client.post(
        f"/c/nation/organizations/{world.org_a.pk}/edit/",
        {"name": "Organization A", "kind": "ngo", "phone": "+380 44 123 4567"},
    )
    entry = next(e for e in audit_entries(world.national) if e.kind == "changed")
    assert entry.who == "staff"
    assert entry.label == "Organization A"
    change = next(c for c in entry.changes if c.field == "contact phone")
    assert (change.old, change.new) == ("—", "+380 44 123 4567")


def test_audit_log_page_shows_the_change_to_staff_only(world):
    services.organization_update(organization=world.org_a, website="https://example.org")
    staff = Client()
    staff.force_login(world.staff)
    html = staff.get("/c/nation/audit/").content.decode()
    assert "https://example.org" in html
    steering = Client()
    steering.force_login(world.steering)
    assert steering.get("/c/nation/audit/").status_code == 403


def test_what_is_new_leaves_out_lived_experience(world):
    person = world.community.person
    services.person_update(person=person, lived_experience=["care_leaver"])
    private = audit_entries(world.national, include_private=False)
    public_fields = {c.field for e in private for c in e.changes}
    assert "lived experience" not in public_fields
    everything = audit_entries(world.national)
    assert "lived experience" in {c.field for e in everything for c in e.changes}


def test_audit_of_another_collective_is_not_included(world):
    from backbone.testing import OrganizationFactory

    OrganizationFactory(collective=world.elsewhere, name="Foreign")
    assert all(e.label != "Foreign" for e in audit_entries(world.national))
