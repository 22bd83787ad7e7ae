from backbone.network.selectors import members_by_kind
from backbone.testing import OrganizationFactory


def test_members_by_kind_counts_each_kind_once(world):
    for n in range(3):
        OrganizationFactory(collective=world.national, name=f"Charity {n}", kind="ngo")
    OrganizationFactory(
        collective=world.national, name="Youth club", kind="cbo", non_traditional=True
    )
    rows = members_by_kind(world.national)
    kinds = [label for label, _total, _non in rows]
    assert len(kinds) == len(set(kinds)), rows
    by_label = {label: (total, non) for label, total, non in rows}
    # world has two NGOs of its own (organizations A and B) besides the three here.
    assert by_label["NGO"] == (5, 0)
    assert by_label["Community-based organization"] == (1, 1)
