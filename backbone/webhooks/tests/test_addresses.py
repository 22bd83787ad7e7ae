"""A webhook posts only to a public http(s) address, unless the operator allows private ones."""

import pytest
from django.core.exceptions import ValidationError

from backbone.webhooks import addresses, services

REFUSED = [
    "http://127.0.0.1:8000/hook",
    "http://localhost/hook",
    "http://10.0.0.1/hook",
    "http://192.168.1.20/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]:8000/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://0.0.0.0/hook",
    "http://224.0.0.1/hook",
    "ftp://example.org/hook",
    "file:///etc/passwd",
    "https:///no-host",
    "not an address",
]


@pytest.mark.parametrize("url", REFUSED)
def test_an_internal_or_non_web_address_is_refused_beside_its_field(world, settings, url):
    settings.BACKBONE_WEBHOOK_ALLOW_PRIVATE = False
    with pytest.raises(ValidationError) as refused:
        services.webhook_create(
            collective=world.national,
            by=world.staff,
            name="Channel",
            url=url,
            format="slack",
            kinds=["meeting."],
        )
    message = refused.value.message_dict["url"][0]
    assert message.endswith(".")
    assert len(message.split()) > 4


def test_a_host_that_does_not_resolve_is_accepted_when_saved(world, settings, monkeypatch):
    settings.BACKBONE_WEBHOOK_ALLOW_PRIVATE = False

    def unresolved(*args, **kwargs):
        raise addresses.socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(addresses.socket, "getaddrinfo", unresolved)
    webhook, _secret = services.webhook_create(
        collective=world.national,
        by=world.staff,
        name="Later",
        url="https://hooks.example.org/backbone",
        format="slack",
        kinds=["meeting."],
    )
    assert webhook.pk
    with pytest.raises(addresses.Unresolved):
        addresses.check(addresses.parse(webhook.url))


def test_a_public_address_is_accepted_and_private_ones_when_allowed(settings, monkeypatch):
    monkeypatch.setattr(
        addresses.socket,
        "getaddrinfo",
        lambda host, port, **kw: [(2, 1, 6, "", ("93.184.215.14", port))],
    )
    settings.BACKBONE_WEBHOOK_ALLOW_PRIVATE = False
    addresses.check_url_to_save("https://hooks.slack.com/services/T0/B0/x")
    settings.BACKBONE_WEBHOOK_ALLOW_PRIVATE = True
    addresses.check_url_to_save("http://127.0.0.1:9/hook")
    with pytest.raises(addresses.RefusedAddress):
        addresses.check_url_to_save("ftp://127.0.0.1/hook")


def test_a_name_resolving_to_any_private_address_is_refused(settings, monkeypatch):
    settings.BACKBONE_WEBHOOK_ALLOW_PRIVATE = False
    monkeypatch.setattr(
        addresses.socket,
        "getaddrinfo",
        lambda host, port, **kw: [
            (2, 1, 6, "", ("93.184.215.14", port)),
            (2, 1, 6, "", ("10.1.2.3", port)),
        ],
    )
    with pytest.raises(addresses.RefusedAddress):
        addresses.check_url_to_save("https://rebinding.example.org/hook")
