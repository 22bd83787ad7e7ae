"""Browser-test support, re-exported by backbone/conftest.py: a real `backbone serve`
process with the demo, driven by Debian's Chromium.

The server runs with its own database (a temporary SQLite file, or the PostgreSQL cluster the
test run started when DATABASE_URL points at one) built by `backbone demo --no-serve`, exactly
as a newcomer's `make demo` builds it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SERIOUS = {"serious", "critical"}


# The demo server's environment, for a test that must run a command on its database (e.g.
# clearing the log-in failures it caused, which would otherwise lock out the tests after it).
DEMO_ENV: dict[str, str] = {}


def demo_command(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "backbone.cli", *args],
        env=DEMO_ENV,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory):
    env = {
        **os.environ,
        "BACKBONE_FAST_HASHER": "1",
        "DEBUG": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path_factory.mktemp("mail")),
    }
    if not env.get("DATABASE_URL", "").startswith("postgres"):
        env["DATABASE_URL"] = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite3'}"
    DEMO_ENV.update(env)
    cli = [sys.executable, "-m", "backbone.cli"]
    subprocess.run([*cli, "demo", "--no-serve"], env=env, check=True, stdout=subprocess.DEVNULL)
    port = _free_port()
    log = open(tmp_path_factory.mktemp("log") / "server.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    # As in the demo, a worker delivers what the pages cause (notifications, e-mail).
    worker = subprocess.Popen(
        [*cli, "worker", "--interval", "0.2"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/", timeout=2)  # noqa: S310 — loopback only
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError(Path(log.name).read_text()) from None
            time.sleep(0.2)
    yield base
    for process in (server, worker):
        process.terminate()
    for process in (server, worker):
        process.wait(timeout=30)
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


CSP_PREFIX = "csp-violation:"
CSP_WATCH = f"""document.addEventListener("securitypolicyviolation", (e) => {{
  console.error("{CSP_PREFIX} " + e.violatedDirective + " " + (e.blockedURI || "inline") +
                " at " + e.sourceFile + ":" + e.lineNumber);
}});"""


def _is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or parts.hostname in {"127.0.0.1", "localhost"}


@pytest.fixture
def page(browser, demo_server):
    """A fresh browser context on the demo. Every page a test visits may load only from the
    site itself: a script, style, font or image from another host fails the test (it would
    fail offline, and it tells a third party who reads what)."""
    context = browser.new_context(base_url=demo_server, locale="en-GB")
    outside: list[str] = []

    def refuse_outside(route) -> None:
        outside.append(f"{route.request.resource_type} {route.request.url}")
        route.abort()

    context.route(lambda url: not _is_local(url), refuse_outside)
    # Every page keeps to the Content-Security-Policy: a blocked inline script or style is a
    # page that works in a test browser without the header and breaks in a real one.
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if message.text.startswith(CSP_PREFIX) else None
        ),
    )
    yield page
    context.close()
    assert not outside, f"loaded from another host: {outside}"
    assert not violations, f"Content-Security-Policy violations: {violations[:5]}"


def login(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", os.environ.get("DEMO_PASSWORD", "demo"))
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def in_hebrew_then_back(page) -> None:
    """The page in Hebrew reads right to left and passes axe; then back to English, since the
    reader's language is remembered on the account and other tests read English."""
    page.locator("button[name=language][value=he]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(page)
    page.locator("button[name=language][value=en]").click()
    page.wait_for_load_state()


def assert_accessible(page) -> None:
    """axe-core over the page; fail on serious or critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    summary = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in bad]
    assert not bad, f"{page.url}: {summary}"


# Accessibility beyond axe: reflow at a phone's width (WCAG 1.4.10) and focus-indicator
# contrast (WCAG 1.4.11), which axe-core does not measure.

_OVERFLOW = """(width) => {
  const scrolls = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (style.overflowX === "auto" || style.overflowX === "scroll") return p;
    }
    return null;
  };
  const wide = [];
  const unlabelled = [];
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    // Beyond either edge (right to left, what does not fit sticks out on the left); not what
    // is parked wholly off-screen on purpose (the skip link until it has focus).
    if (box.width === 0 || (box.right <= width + 1 && box.left >= -1)) continue;
    if (box.right <= 0 || box.left >= width) continue;
    const region = scrolls(el);
    if (!region) {
      wide.push(el.tagName.toLowerCase() + " " + (el.textContent || "").trim().slice(0, 40));
      continue;
    }
    const labelled = region.hasAttribute("aria-label") || region.hasAttribute("aria-labelledby");
    if (!(region.getAttribute("role") === "region" && region.tabIndex === 0 && labelled)) {
      unlabelled.push(region.tagName.toLowerCase() + "." + region.className);
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    wide: wide.slice(0, 5),
    unlabelled: [...new Set(unlabelled)],
  };
}"""


def assert_reflows(page, width: int = 320) -> None:
    """At `width` CSS px the page does not scroll sideways; whatever is wider (a table) scrolls
    inside a labelled, focusable region, so a keyboard can scroll it too."""
    page.set_viewport_size({"width": width, "height": 640})
    found = page.evaluate(_OVERFLOW, width)
    wide = found["scrollWidth"]
    assert wide <= width, f"{page.url} is {wide}px wide: {found['wide']}"
    assert not found["unlabelled"], f"{page.url}: scroll box lacks role, label or tabindex: {found}"


_FOCUS_CONTRAST = """(el) => {
  const rgba = (text) => {
    const [r, g, b, a = 1] = text.match(/[\\d.]+/g).map(Number);
    return { r, g, b, a };
  };
  const luminance = ({ r, g, b }) => {
    const lin = (c) => {
      c /= 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  // What the outline is drawn over: the nearest ancestor with a background colour.
  let behind = { r: 255, g: 255, b: 255, a: 1 };
  for (let p = el.parentElement; p; p = p.parentElement) {
    const bg = rgba(getComputedStyle(p).backgroundColor);
    if (bg.a > 0) { behind = bg; break; }
  }
  const style = getComputedStyle(el);
  const outline = rgba(style.outlineColor);
  const [hi, lo] = [luminance(outline), luminance(behind)].sort((x, y) => y - x);
  return {
    visible: el.matches(":focus-visible"),
    style: style.outlineStyle,
    width: parseFloat(style.outlineWidth),
    contrast: (hi + 0.05) / (lo + 0.05),
  };
}"""


def focus_contrast(page, selector: str) -> float:
    """Focus the element and return the contrast of its focus outline against the colour
    behind it (WCAG's 3:1 is the floor for a focus indicator)."""
    target = page.locator(selector).first
    target.focus()
    found = target.evaluate(_FOCUS_CONTRAST)
    assert found["visible"], f"{selector} shows no :focus-visible state"
    assert found["style"] != "none" and found["width"] >= 2, f"{selector}: {found}"
    return found["contrast"]
