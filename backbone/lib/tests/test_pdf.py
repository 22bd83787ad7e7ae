from django.conf import settings
from django.test import override_settings
from django.utils import translation

from backbone.lib import pdf


def test_a_pdf_is_made_in_hebrew_and_fetches_nothing(tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr("urllib.request.OpenerDirector.open", lambda *a, **k: opened.append(a))
    (tmp_path / "t.html").write_text(
        '{% extends "pdf/base.html" %}{% block content %}<h1>דוח מוכנות</h1>'
        '<img src="http://127.0.0.1:9/x.png"><img src="file:///etc/passwd">{% endblock %}'
    )
    engine = settings.TEMPLATES[0]
    templates = [{**engine, "DIRS": [*engine["DIRS"], tmp_path]}]
    with override_settings(TEMPLATES=templates), translation.override("he"):
        data = pdf.pdf_from_template("t.html", {})
    assert data.startswith(b"%PDF-")
    assert len(data) > 1000
    assert opened == []
