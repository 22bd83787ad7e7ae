"""The vocabulary page: staff add and change kinds of activity and groups; others read."""

from backbone.activities.models import ActivityKind, Group


def test_staff_add_a_kind_and_a_group_and_members_read_them(client, three_w):
    client.force_login(three_w.world.staff)
    url = "/c/nation/activities/vocabulary/"
    added = client.post(
        url,
        {"what": "kind", "code": "day-care", "name_en": "Day care", "name_uk": "Денний догляд",
         "sector": "protection"},
    )  # fmt: skip
    assert added.status_code == 302
    kind = ActivityKind.objects.get(code="day-care")
    assert (kind.name_en, kind.name_uk, kind.sector) == ("Day care", "Денний догляд", "protection")
    taken = client.post(url, {"what": "kind", "code": "parenting", "name_en": "Again"})
    assert taken.status_code == 422
    assert "“parenting” is taken" in taken.content.decode()
    nameless = client.post(url, {"what": "group", "code": "siblings"})
    assert "Give a name in at least one language." in nameless.content.decode()
    client.post(url, {"what": "group", "code": "siblings", "name_he": "אחים"})
    assert Group.objects.get(code="siblings").name == "אחים"
    client.force_login(three_w.world.community)
    page = client.get(url)
    assert page.status_code == 200 and "Day care" in page.content.decode()
    assert 'name="code"' not in page.content.decode()
    refused = client.post(url, {"what": "kind", "code": "x", "name_en": "X"})
    assert refused.status_code == 403
    assert not ActivityKind.objects.filter(code="x").exists()
