"""Figures in the reader's language, in a real browser over the demo: in Hebrew, ranges and
period codes keep their reading order and the chart's labels fit; in Ukrainian, the chart
groups digits as the tables do ("2 901", not the browser's "2,901")."""

import re

import pytest

from backbone.browsing import login

pytestmark = pytest.mark.browser

INDICATOR = "/c/ukraine/indicators/in-institutions/"


@pytest.fixture
def page_in(browser, demo_server):
    """A page whose browser asks for `language` (the site follows Accept-Language)."""
    contexts = []

    def open_page(language: str):
        context = browser.new_context(base_url=demo_server, locale=language)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


# The element's characters as they land on screen: line by line, left to right.
_VISUAL_ORDER = """(el) => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const glyphs = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      if (box.width > 0) glyphs.push([Math.round(box.top), box.left, node.data[i]]);
    }
  }
  glyphs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return glyphs.map((g) => g[2]).join("");
}"""

# Each x-axis label of the chart, measured in the font it is drawn with.
_X_LABELS = """(canvas) => {
  const chart = canvas.chart;
  const ctx = chart.ctx;
  return chart.scales.x.getLabelItems().map((item) => {
    ctx.save();
    ctx.font = item.font.string;
    const width = ctx.measureText(item.label).width;
    ctx.restore();
    // The text runs from its anchor along the label's rotation; its start depends on the
    // alignment Chart.js chose.
    const x = item.options.translation[0];
    const align = item.options.textAlign;
    const start = align === "center" ? -width / 2 : align === "right" ? -width : 0;
    const cos = Math.cos(item.options.rotation || 0);
    const ends = [x + start * cos, x + (start + width) * cos];
    return { label: item.label, left: Math.min(...ends), right: Math.max(...ends) };
  }).concat([{ canvas: chart.width }]);
}"""


def _open_tables(page) -> None:
    # The data tables sit in closed <details>; opened, their cells are laid out and measurable.
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")


def test_hebrew_age_band_reads_0_to_2_not_2_to_0(page_in):
    page = page_in("he-IL")
    page.goto(INDICATOR)
    assert page.locator("html").get_attribute("dir") == "rtl"
    _open_tables(page)
    header = page.locator("th", has_text="0–2").first
    band = header.locator("bdi")
    # Isolated left to right, so the dash between two numbers does not take the page's
    # right-to-left direction …
    assert band.get_attribute("dir") == "ltr"
    assert band.inner_text() == "0–2"
    # … and on screen the 0 is left of the 2 (unisolated, Chromium draws "2–0").
    assert band.evaluate(_VISUAL_ORDER) == "0–2"
    assert page.locator("th", has_text="14–17").first.evaluate(_VISUAL_ORDER) == "14–17"


def test_hebrew_period_codes_and_figures_stay_left_to_right(page_in):
    page = page_in("he-IL")
    page.goto(INDICATOR)
    _open_tables(page)
    row = page.locator("details.data-table tbody tr").first
    period = row.locator("th bdi[dir=ltr]").first
    assert re.fullmatch(r"\d{4}-\d{2}", period.inner_text())
    assert period.evaluate(_VISUAL_ORDER) == period.inner_text()
    figure = row.locator("td.num bdi[dir=ltr]").first
    assert figure.evaluate(_VISUAL_ORDER) == figure.inner_text()
    # Hebrew groups thousands with a comma, in the tables as in the charts.
    assert re.fullmatch(r"\d{1,3}(,\d{3})*", figure.inner_text())


def test_hebrew_dashboard_periods_read_in_order_on_one_line(page_in):
    page = page_in("he-IL")
    # At this width the target column is narrow: "by 2026-12" used to wrap after "2026-".
    page.set_viewport_size({"width": 1100, "height": 800})
    login(page, "staff")
    page.goto("/c/ukraine/indicators/")
    periods = page.locator("table.dashboard tbody td .muted bdi[dir=ltr]")
    assert periods.count() >= 2
    for period in periods.all():
        assert period.evaluate("(e) => e.getClientRects().length") == 1, period.inner_text()
        assert period.evaluate(_VISUAL_ORDER) == period.inner_text()


@pytest.mark.parametrize("width", [1280, 320])
def test_hebrew_chart_axis_labels_fit_on_the_canvas(page_in, width):
    page = page_in("he-IL")
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(INDICATOR)
    page.wait_for_selector("#series-chart[data-drawn='true']")
    *labels, size = page.locator("#series-chart").evaluate(_X_LABELS)
    assert len(labels) >= 3
    for item in labels:
        # Whole period codes, drawn inside the canvas: none cut to "1" at an edge.
        assert re.fullmatch(r"\d{4}-\d{2}", item["label"]), item
        assert item["left"] >= 0 and item["right"] <= size["canvas"], (item, size)
    # Time runs from the right in Hebrew: the latest period is the leftmost label.
    assert labels[0]["label"] > labels[-1]["label"]
    assert labels[0]["left"] < labels[-1]["left"]


def test_ukrainian_chart_groups_digits_like_the_tables(page):
    # An English browser on the Ukrainian page: the chart follows the page, not the browser.
    page.goto(INDICATOR)
    page.get_by_role("button", name="Українська").click()
    assert page.locator("html").get_attribute("lang") == "uk"
    page.wait_for_selector("#series-chart[data-drawn='true']")
    ticks = page.locator("#series-chart").evaluate(
        "(c) => c.chart.scales.y.ticks.map((t) => t.label)"
    )
    thousands = [t for t in ticks if len(re.sub(r"\D", "", t)) >= 4]
    assert thousands, ticks
    for tick in thousands:
        # A (narrow) no-break space between the groups, never the browser's comma.
        assert re.fullmatch(r"\d{1,3}([\u00a0\u202f]\d{3})+", tick), ticks
    tooltip = page.locator("#series-chart").evaluate(
        """(c) => {
          const chart = c.chart;
          const index = chart.data.datasets[0].data.findIndex((v) => v !== null && v >= 1000);
          chart.tooltip.setActiveElements([{ datasetIndex: 0, index }], { x: 0, y: 0 });
          chart.update();
          return { lines: chart.tooltip.body.flatMap((b) => b.lines), title: chart.tooltip.title };
        }"""
    )
    number = re.search(r"[\d\u00a0\u202f,.]+$", tooltip["lines"][0]).group(0)
    assert re.fullmatch(r"\d{1,3}([\u00a0\u202f]\d{3})+", number), tooltip
    # The same figure in the page's own table, formatted by Django for Ukrainian.
    _open_tables(page)
    period = tooltip["title"][0].strip("\u2066\u2069")
    row = page.locator("details.data-table tbody tr", has=page.locator(f"th:has-text('{period}')"))
    assert row.first.locator("td.num").first.inner_text().replace("\u202f", "\u00a0") == (
        number.replace("\u202f", "\u00a0")
    )
