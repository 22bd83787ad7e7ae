"""A start outside the demo and the tests is a deployment: it needs its own key and passes
Django's deploy check with no warning."""

import os
import secrets
import subprocess
import sys


def _backbone(*args: str, **env_extra: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTEST_VERSION", "BACKBONE_DEMO", "SECRET_KEY", "DEBUG", "HTTPS"}
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "-m", "backbone.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_start_without_a_secret_key_refuses_to_start_and_says_why():
    result = _backbone("check")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr
    assert "make demo" in result.stderr


def test_the_demo_starts_without_a_secret_key(tmp_path):
    # `backbone demo` is the one start allowed its conveniences (here only as far as
    # loading its settings: `check` through the same switch the demo command sets).
    result = _backbone("check", BACKBONE_DEMO="1", BACKBONE_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr


def test_production_settings_pass_the_deploy_check_with_no_warning(tmp_path):
    result = _backbone(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="backbone.example.org",
        BACKBONE_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_is_off_unless_asked_for_outside_the_demo(tmp_path):
    result = _backbone(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG, settings.SECURE_SSL_REDIRECT)",
        SECRET_KEY=secrets.token_urlsafe(50),
        BACKBONE_VAR_DIR=str(tmp_path),
    )
    assert result.stdout.split() == ["False", "True"], result.stderr
