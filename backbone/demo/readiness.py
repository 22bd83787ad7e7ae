"""The demo's readiness (to be built: issue 12)."""


def build_readiness(*, rng, collectives, organizations, people, users, national_slug) -> None:
    return None
