"""Telling people: an in-app notification for each, and an e-mail where they have an address."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation

from backbone.communication.models import Notification
from backbone.lib.translation import localize_params


def notify(
    *, users: Iterable, message: str, params: dict | None = None, url: str = "", subject: str = ""
) -> list[Notification]:
    """Tell each user, in their own language. ``message`` is an English sentence marked with
    ``gettext_noop`` (translated here, per recipient, and again whenever it is shown);
    ``params`` fill its ``%(name)s`` places and must be plain JSON values; a name that has
    translations is given as ``{"en": …, "uk": …}`` and read in each reader's language."""
    params = params or {}
    unique = list({user.pk: user for user in users if user is not None}.values())
    notes = []
    for user in unique:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            shown = localize_params(params)
            text = translation.gettext(message) % shown
            title = translation.gettext(subject) % shown if subject else text[:80]
        notes.append(Notification(user=user, text=text, message=message, params=params, url=url))
        if user.email:
            link = f"\n\n{settings.SITE_URL}{url}" if url else ""
            send_mail(title, text + link, None, [user.email], fail_silently=True)
    return Notification.objects.bulk_create(notes)


def notifications_mark_read(*, user) -> int:
    return user.notifications.unread().update(read_at=timezone.now())
