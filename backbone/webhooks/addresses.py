"""Where a webhook may post: a public http(s) address, never the server's own network.

A webhook's address is chosen by staff, and the server posts to it: without a check it could
be pointed at the machine itself (127.0.0.1), the hosting provider's metadata service
(169.254.169.254) or the private network behind it. An address whose host is, or resolves
to, a loopback, private, link-local, multicast, reserved or unspecified address is refused,
when it is saved and again before every post (DNS may have changed since), unless the
operator allows private receivers (BACKBONE_WEBHOOK_ALLOW_PRIVATE, for an intranet chat
server and for tests). The post then connects to the very address that was checked, so a
name that resolves differently a moment later (DNS rebinding) cannot slip past.

A host that does not resolve when the webhook is saved is accepted: a chat server's name may
not resolve from where the site runs yet (and the demo's does not resolve at all). It is
checked at delivery, where the failure is recorded and retried like any other.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _


class RefusedAddress(Exception):
    """The address may not be posted to; the message says why, for staff to read."""


class Unresolved(Exception):
    """The host has no address (now): a failure to retry, not a refusal."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # with the query


def parse(url: str) -> Target:
    """The parts of an http(s) address with a host, or RefusedAddress."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise RefusedAddress(_("This is not a web address.")) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise RefusedAddress(_("A webhook's address must start with https:// or http://."))
    if not parts.hostname:
        raise RefusedAddress(_("A webhook's address must name a host."))
    try:
        URLValidator(schemes=["http", "https"])(url.strip())
    except ValidationError:
        raise RefusedAddress(_("This is not a web address.")) from None
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    return Target(scheme, parts.hostname, port or (443 if scheme == "https" else 80), path)


def _forbidden(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # a scoped IPv6 address: fe80::1%eth0
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global  # shared address space (100.64.0.0/10) and the like
    )


def _resolve(target: Target) -> list[str]:
    try:
        ipaddress.ip_address(target.host)
    except ValueError:
        pass
    else:
        return [target.host]
    try:
        found = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise Unresolved(
            _("The host %(host)s could not be found (%(error)s).")
            % {"host": target.host, "error": error}
        ) from None
    return list(dict.fromkeys(str(info[4][0]) for info in found))


def check(target: Target) -> list[str]:
    """The addresses the target's host resolves to, once none of them is forbidden; raises
    RefusedAddress for one that is, Unresolved when the host has none."""
    addresses = _resolve(target)
    if settings.BACKBONE_WEBHOOK_ALLOW_PRIVATE:
        return addresses
    if any(_forbidden(address) for address in addresses):
        raise RefusedAddress(
            _(
                "The host %(host)s is on a private, loopback or otherwise internal network "
                "address; a webhook can only post to a public address."
            )
            % {"host": target.host}
        )
    return addresses


def check_url_to_save(url: str) -> None:
    """Raise RefusedAddress for an address a webhook may not be saved with (a host that does
    not resolve now is accepted: it is checked again at each delivery)."""
    target = parse(url)
    with contextlib.suppress(Unresolved):
        check(target)
