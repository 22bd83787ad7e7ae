"""The demo's phases (to be built: issue 12)."""


def build_phases(*, rng, collectives, organizations, people, users, national_slug) -> None:
    return None
