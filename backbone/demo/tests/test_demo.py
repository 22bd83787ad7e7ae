from backbone.accounts.models import User
from backbone.demo.builder import build_demo
from backbone.documents.models import Endorsement
from backbone.governance.models import Body, BodyKind
from backbone.network.models import Collective, Organization, OrganizationKind, Person


def test_demo_builds_a_believable_collective_once(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert build_demo() is True
    national = Collective.objects.get(slug="ukraine")
    assert set(national.children.values_list("slug", flat=True)) >= {"ua-46", "ua-63", "ua-51"}
    orgs = Organization.objects.all()
    assert orgs.count() >= 40
    assert set(orgs.values_list("kind", flat=True)) == set(OrganizationKind.values)
    assert orgs.filter(non_traditional=True).count() >= 5
    assert Person.objects.count() >= 120
    assert Person.objects.exclude(lived_experience=[]).count() >= 10
    groups = Body.objects.filter(kind=BodyKind.WORKING_GROUP, collective=national)
    assert groups.count() == 4
    for group in groups:
        assert group.scope_versions.count() == 2
        assert group.memberships.filter(role="facilitator").exists()
    # The foster-care group's first version was endorsed; its second (current) is not yet.
    foster = groups.get(name__icontains="foster")
    first, second = foster.scope_versions.order_by("number")
    assert Endorsement.objects.of([first]).standing().count() == 1
    assert Endorsement.objects.of([second]).count() == 0
    assert Body.objects.filter(kind=BodyKind.STEERING, collective=national).exists()
    # The community council's seats tell lived experience: only its member list is private.
    private = Body.objects.filter(members_private=True)
    assert list(private.values_list("kind", flat=True)) == [BodyKind.COMMUNITY_COUNCIL]
    usernames = set(User.objects.values_list("username", flat=True))
    assert usernames >= {
        "admin",
        "staff",
        "chair",
        "facilitator",
        "reporter",
        "reporter2",
        "community",
    }
    # Running it again changes nothing.
    assert build_demo() is False
    assert Organization.objects.count() == orgs.count()
