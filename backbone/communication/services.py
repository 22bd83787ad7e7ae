"""Telling people what happened: an in-app notification for each, an e-mail where they have
an address, each written in its reader's language.

Services do not call this module: they record events (`backbone.events.services.record`).
The worker dispatches each event here once (`queue_deliveries`, in the dispatching
transaction) and then delivers (`deliver_due`):
- a notification is created in the same transaction that marks its delivery sent: exactly once;
- an e-mail is claimed (committed), sent, then marked sent. A failure is retried with
  back-off, then shown to staff as failed. A worker killed between the claim and the mark
  leaves the delivery "sending"; once its lease is over it becomes "uncertain" — never sent
  again by itself, since the message may have left — and staff can send it again.
"""

from __future__ import annotations

import datetime as dt
import logging
import zoneinfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from backbone.accounts.models import User
from backbone.communication import attachments
from backbone.communication.models import (
    Delivery,
    DeliveryChannel,
    DeliveryStatus,
    How,
    Notification,
    Preference,
    Topic,
    topic_of,
)
from backbone.events.models import Event
from backbone.lib.translation import localize_params

logger = logging.getLogger(__name__)

# Tries of one e-mail before it is shown as failed; the waits between them grow 1, 4, 16, 64 min.
MAX_ATTEMPTS = 5
_WORKER = get_random_string(16)


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=4 ** max(attempts - 1, 0))


def lease() -> dt.timedelta:
    """How long a claimed e-mail may stay "sending" before its worker is taken for dead; it
    outlasts the mail connection's timeout (EMAIL_TIMEOUT)."""
    return dt.timedelta(seconds=settings.BACKBONE_DELIVERY_LEASE)


DIGEST_HOUR = 7  # a digest goes out at 07:00 in its reader's time zone


def next_digest(how: str, user, now: dt.datetime | None = None) -> dt.datetime:
    """When a line for a daily (tomorrow) or weekly (next Monday) digest is sent: 07:00 in
    the reader's time zone (or the site's)."""
    zone = _zone_of(user)
    local = (now or timezone.now()).astimezone(zone)
    day = local.date() + dt.timedelta(days=1)
    if how == How.WEEKLY:
        day = local.date() + dt.timedelta(days=7 - local.weekday())
    return dt.datetime.combine(day, dt.time(DIGEST_HOUR), tzinfo=zone)


def _zone_of(user) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(getattr(user, "time_zone", "") or settings.TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(settings.TIME_ZONE)


def queue_deliveries(event) -> None:
    """The deliveries an event asks for (its subscriber to `backbone.events`), as each person
    chose for its topic (backbone.communication.models.Preference)."""
    data = event.data or {}
    if not data.get("message"):
        return
    users = list(User.objects.filter(pk__in=data.get("audience", []), is_active=True))
    topic = topic_of(event.kind)
    chosen = dict(
        Preference.objects.filter(user__in=users, topic=topic).values_list("user_id", "how")
    )
    rows = []
    for user in users:
        how = chosen.get(user.pk, How.EMAIL)
        if how == How.NONE:
            continue
        rows.append(Delivery(event=event, channel=DeliveryChannel.APP, user=user))
        if not user.email or how == How.APP:
            continue
        if how == How.EMAIL:
            rows.append(Delivery(event=event, channel=DeliveryChannel.EMAIL, user=user))
        else:
            rows.append(
                Delivery(
                    event=event,
                    channel=DeliveryChannel.DIGEST,
                    user=user,
                    due_at=next_digest(how, user, event.created_at),
                )
            )
    for entry in data.get("addresses", []):
        rows.append(
            Delivery(
                event=event,
                channel=DeliveryChannel.EMAIL,
                address=entry["address"],
                language=entry.get("language", ""),
            )
        )
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)


def _language(delivery: Delivery) -> str:
    return (
        delivery.user.language if delivery.user_id else delivery.language
    ) or settings.LANGUAGE_CODE


def _written(delivery: Delivery) -> tuple[str, str]:
    """(subject, text) in the reader's language."""
    data = delivery.event.data
    with translation.override(_language(delivery)):
        shown = localize_params(data.get("params", {}))
        text = translation.gettext(data["message"]) % shown
        subject = data.get("subject")
        title = translation.gettext(subject) % shown if subject else text[:80]
    return title, text


def _notify(delivery: Delivery) -> None:
    data = delivery.event.data
    _, text = _written(delivery)
    Notification.objects.create(
        user=delivery.user,
        text=text,
        message=data["message"],
        params=data.get("params", {}),
        url=data.get("url", ""),
    )


def _mail(delivery: Delivery) -> None:
    title, text = _written(delivery)
    url = delivery.event.data.get("url", "")
    if url and not url.startswith(("http://", "https://")):
        url = settings.SITE_URL.rstrip("/") + url
    body = text + (f"\n\n{url}" if url else "")
    to = delivery.user.email if delivery.user_id else delivery.address
    message = EmailMessage(title, body, None, [to], headers={"X-Backbone-Delivery": delivery.pk})
    for wanted in delivery.event.data.get("attachments", []):
        built = attachments.build(wanted, language=_language(delivery))
        if built is not None:  # what it was built from is gone (a deleted meeting)
            message.attach(*built)
    message.send(fail_silently=False)


def recover_stale() -> int:
    """Claims older than the lease belong to a worker that died: uncertain, not resent."""
    return Delivery.objects.filter(
        status=DeliveryStatus.SENDING, claimed_at__lt=timezone.now() - lease()
    ).update(
        status=DeliveryStatus.UNCERTAIN,
        error=_("The worker stopped while sending; the message may or may not have left."),
    )


def _claim(pk: int, status: str) -> bool:
    return bool(
        Delivery.objects.filter(pk=pk, status=DeliveryStatus.PENDING).update(
            status=status, claimed_at=timezone.now(), claimed_by=_WORKER
        )
    )


def deliver_due(limit: int = 200) -> int:
    """Deliver up to ``limit`` due deliveries; returns how many were tried. Safe to run from
    several workers at once: each delivery is claimed by a conditional update first."""
    done = recover_stale()
    due = (
        Delivery.objects.filter(status=DeliveryStatus.PENDING, due_at__lte=timezone.now())
        .exclude(channel=DeliveryChannel.DIGEST)
        .order_by("due_at", "pk")
        .values_list("pk", "channel")[:limit]
    )
    for pk, channel in list(due):
        if channel == DeliveryChannel.APP:
            try:
                with transaction.atomic():
                    if not _claim(pk, DeliveryStatus.SENT):
                        continue
                    delivery = Delivery.objects.select_related("event", "user").get(pk=pk)
                    _notify(delivery)
                    Delivery.objects.filter(pk=pk).update(sent_at=timezone.now())
            except Exception as error:  # one broken message must not hold up the others
                logger.exception("delivery %s could not be written", pk)
                Delivery.objects.filter(pk=pk, status=DeliveryStatus.PENDING).update(
                    status=DeliveryStatus.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
                )
            done += 1
            continue
        with transaction.atomic():
            if not _claim(pk, DeliveryStatus.SENDING):
                continue
        delivery = Delivery.objects.select_related("event", "user").get(pk=pk)
        done += 1
        try:
            _mail(delivery)
        except Exception as error:  # the mail server's refusal or absence, whatever its type
            attempts = delivery.attempts + 1
            failed = attempts >= MAX_ATTEMPTS
            Delivery.objects.filter(pk=pk).update(
                status=DeliveryStatus.FAILED if failed else DeliveryStatus.PENDING,
                attempts=attempts,
                due_at=timezone.now() + backoff(attempts),
                error=f"{type(error).__name__}: {error}"[:2000],
            )
            logger.warning("delivery %s failed (attempt %s): %s", pk, attempts, error)
            continue
        Delivery.objects.filter(pk=pk, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.SENT, sent_at=timezone.now(), attempts=delivery.attempts + 1
        )
        if delivery.event.data.get("secret"):  # only an invitation's link, today
            _forget_secrets(delivery.event_id)
    return done


def deliver_digests(limit: int = 100) -> int:
    """Send each person whose digest is due one e-mail with all its lines; returns how many
    e-mails were tried. The lines are claimed together first (committed), so two workers
    never send the same digest; a failure puts them back, retried with back-off."""
    done = 0
    due = (
        Delivery.objects.filter(
            channel=DeliveryChannel.DIGEST,
            status=DeliveryStatus.PENDING,
            due_at__lte=timezone.now(),
        )
        .values_list("user_id", flat=True)
        .distinct()
    )
    for user_id in list(due[:limit]):
        claim = get_random_string(16)
        with transaction.atomic():
            claimed = Delivery.objects.filter(
                channel=DeliveryChannel.DIGEST,
                status=DeliveryStatus.PENDING,
                due_at__lte=timezone.now(),
                user_id=user_id,
            ).update(status=DeliveryStatus.SENDING, claimed_at=timezone.now(), claimed_by=claim)
        if not claimed:
            continue
        lines = list(
            Delivery.objects.filter(claimed_by=claim, status=DeliveryStatus.SENDING)
            .select_related("event", "user")
            .order_by("event__created_at", "pk")
        )
        done += 1
        try:
            _mail_digest(lines)
        except Exception as error:  # the mail server's refusal or absence
            attempts = max(line.attempts for line in lines) + 1
            failed = attempts >= MAX_ATTEMPTS
            Delivery.objects.filter(claimed_by=claim).update(
                status=DeliveryStatus.FAILED if failed else DeliveryStatus.PENDING,
                attempts=attempts,
                due_at=timezone.now() + backoff(attempts),
                error=f"{type(error).__name__}: {error}"[:2000],
            )
            logger.warning("digest for user %s failed (attempt %s): %s", user_id, attempts, error)
            continue
        Delivery.objects.filter(claimed_by=claim, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.SENT, sent_at=timezone.now(), attempts=F("attempts") + 1
        )
    return done


def _mail_digest(lines: list[Delivery]) -> None:
    user = lines[0].user
    with translation.override(_language(lines[0])):
        title = translation.ngettext(
            "Backbone: %(n)d thing that happened",
            "Backbone: %(n)d things that happened",
            len(lines),
        ) % {"n": len(lines)}
    parts = []
    for line in lines:
        _subject, text = _written(line)
        url = line.event.data.get("url", "")
        if url and not url.startswith(("http://", "https://")):
            url = settings.SITE_URL.rstrip("/") + url
        parts.append(f"- {text}" + (f"\n  {url}" if url else ""))
    message = EmailMessage(
        title,
        "\n\n".join(parts),
        None,
        [user.email],
        headers={"X-Backbone-Delivery": lines[0].pk, "X-Backbone-Digest": len(lines)},
    )
    message.send(fail_silently=False)


def preferences_of(user) -> dict[str, str]:
    """topic → how, for every topic (the default where the person chose nothing)."""
    chosen = dict(user.preferences.values_list("topic", "how"))
    return {topic: chosen.get(topic, How.EMAIL) for topic in Topic.values}


@transaction.atomic
def preferences_save(*, user, choices: dict[str, str]) -> None:
    for topic, how in choices.items():
        if topic not in Topic.values or how not in How.values:
            raise ValidationError({topic: _("Choose how to be told.")})
    for topic, how in choices.items():
        Preference.objects.update_or_create(user=user, topic=topic, defaults={"how": how})


def _forget_secrets(event_id: int) -> None:
    """Once all of an event's deliveries are sent, blank the params it called secret."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event_id)
        secret = event.data.get("secret") or []
        if not secret or event.deliveries.exclude(status=DeliveryStatus.SENT).exists():
            return
        event.data["params"] = {
            key: ("" if key in secret else value) for key, value in event.data["params"].items()
        }
        event.data["secret"] = []
        event.save(update_fields=["data"])


def deliveries_for(collective_ids):
    """Deliveries of the events of these collectives, newest first."""
    return Delivery.objects.filter(event__collective_id__in=collective_ids).select_related(
        "event", "user"
    )


def delivery_send_again(*, delivery: Delivery, by) -> Delivery:
    """Staff send a failed or uncertain e-mail again (once more; back-off starts afresh)."""
    from backbone.communication.permissions import Action
    from backbone.lib.permissions import require

    collective = delivery.event.collective
    if collective is None:  # an event of the whole platform: its admins only
        if not (getattr(by, "is_superuser", False) and by.is_active):
            raise PermissionDenied(Action.DELIVERY_MANAGE)
    else:
        require(by, Action.DELIVERY_MANAGE, collective)
    changed = Delivery.objects.filter(
        Q(status=DeliveryStatus.FAILED) | Q(status=DeliveryStatus.UNCERTAIN), pk=delivery.pk
    ).update(status=DeliveryStatus.PENDING, attempts=0, due_at=timezone.now(), error="")
    if not changed:
        raise ValidationError(_("Only a failed or uncertain delivery can be sent again."))
    delivery.refresh_from_db()
    return delivery


def notifications_mark_read(*, user) -> int:
    return user.notifications.unread().update(read_at=timezone.now())
