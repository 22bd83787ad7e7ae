"""Telling people: an in-app notification for each, and an e-mail where they have an address."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from backbone.communication.models import Notification


def notify(*, users: Iterable, text: str, url: str = "", subject: str = "") -> list[Notification]:
    unique = {user.pk: user for user in users if user is not None}.values()
    notes = Notification.objects.bulk_create(
        Notification(user=user, text=text, url=url) for user in unique
    )
    for user in unique:
        if user.email:
            link = f"\n\n{settings.SITE_URL}{url}" if url else ""
            send_mail(subject or text[:80], text + link, None, [user.email], fail_silently=True)
    return notes


def notifications_mark_read(*, user) -> int:
    return user.notifications.unread().update(read_at=timezone.now())
