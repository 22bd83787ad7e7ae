"""A person's notifications: theirs only, in the language they read the page in."""

from django.db import transaction
from django.test import Client
from django.urls import reverse

from backbone.communication.models import Notification
from backbone.events.services import record
from backbone.events.testing import run_worker


def _tell(world, *users):
    with transaction.atomic():
        record(
            "test.told",
            collective=world.national,
            audience=users,
            message="Submission #%(pk)s of %(org)s was approved; its values now count.",
            params={"pk": 3, "org": {"en": "Organization A", "uk": "Організація А"}},
            url="/c/nation/",
        )
    run_worker()


def test_the_list_shows_only_the_readers_own_notifications(world):
    _tell(world, world.reporter_a)
    _tell(world, world.reporter_b)
    client = Client()
    client.force_login(world.reporter_a)
    page = client.get(reverse("notifications"))
    assert list(page.context["notifications"]) == list(
        Notification.objects.filter(user=world.reporter_a)
    )
    assert len(page.context["notifications"]) == 1
    assert "Submission #3 of Organization A was approved" in page.content.decode()


def test_a_notification_is_shown_in_the_language_of_the_page(world):
    _tell(world, world.reporter_a)
    client = Client()
    client.force_login(world.reporter_a)
    page = client.get(reverse("notifications"), HTTP_ACCEPT_LANGUAGE="uk")
    assert "Організація А" in page.content.decode()


def test_marking_read_touches_only_the_readers_notifications(world):
    _tell(world, world.reporter_a, world.reporter_b)
    client = Client()
    client.force_login(world.reporter_a)
    assert client.get(reverse("notifications")).content.decode().count(">new<") == 1
    response = client.post(reverse("notifications_read"))
    assert response.status_code == 302
    assert not Notification.objects.unread().filter(user=world.reporter_a).exists()
    assert Notification.objects.unread().filter(user=world.reporter_b).count() == 1


def test_notifications_need_a_log_in_and_marking_read_needs_post(world):
    assert Client().get(reverse("notifications")).status_code == 302
    client = Client()
    client.force_login(world.reporter_a)
    assert client.get(reverse("notifications_read")).status_code == 405
