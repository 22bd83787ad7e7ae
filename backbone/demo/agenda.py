"""The demo's agenda (to be built: issue 12)."""


def build_agenda(*, rng, collectives, organizations, people, users, national_slug) -> None:
    return None
