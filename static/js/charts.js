// Draws the indicator's series with Chart.js (installed by npm, served by Backbone itself).
// Baseline and target are horizontal lines; each change of definition is a dashed vertical
// line with its label, so no one reads a break in counting as a trend.
// Numbers are formatted in the page's language (the tables' "2 901" in Ukrainian, not the
// browser's "2,901"); in right-to-left pages the time axis runs from the right, the legend and
// tooltips read right to left, and period labels ("2025-Q1") are still drawn left to right.
(function () {
  "use strict";

  const lang = document.documentElement.lang || undefined;
  const rtl = document.documentElement.dir === "rtl";
  // A period inside right-to-left text, kept in its own left-to-right run (an LRI…PDI
  // isolate: "2025-Q1" would otherwise read "Q1-2025").
  const isolated = (text) => "\u2066" + text + "\u2069";

  const definitionMarks = {
    id: "definitionMarks",
    afterDatasetsDraw(chart, _args, options) {
      const { ctx, chartArea, scales } = chart;
      (options.marks || []).forEach((mark) => {
        const x = scales.x.getPixelForValue(mark.index);
        if (Number.isNaN(x)) return;
        ctx.save();
        ctx.direction = rtl ? "rtl" : "ltr";
        ctx.font = "12px sans-serif";
        ctx.textAlign = "left";
        ctx.strokeStyle = "#8a4b00";
        ctx.setLineDash([4, 4]);
        ctx.beginPath();
        ctx.moveTo(x, chartArea.top);
        ctx.lineTo(x, chartArea.bottom);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = "#8a4b00";
        // Beside the line, on whichever side has room for the whole label.
        const width = ctx.measureText(mark.label).width;
        const fitsAfter = x + 4 + width <= chartArea.right;
        ctx.fillText(mark.label, fitsAfter ? x + 4 : Math.max(chartArea.left, x - 4 - width), chartArea.top + 12);
        ctx.restore();
      });
    },
  };

  function draw() {
    const canvas = document.getElementById("series-chart");
    const source = document.getElementById("series-data");
    if (!canvas || !source || typeof Chart === "undefined") return;
    const data = JSON.parse(source.textContent);
    const text = data.labels_text;
    // Right to left, time runs from the right: the series is drawn in reverse order rather
    // than on a reversed axis, whose far-end labels Chart.js leaves no room for (cut to "1").
    if (rtl) {
      ["labels", "values", "partial", "claimed"].forEach((key) => {
        if (Array.isArray(data[key])) data[key] = data[key].slice().reverse();
      });
    }
    // The segment into a partial period: its later end is p1 left to right, p0 reversed.
    const laterEnd = (ctx) => (rtl ? ctx.p0DataIndex : ctx.p1DataIndex);
    const flat = (value) => data.labels.map(() => value);
    const datasets = [
      {
        label: text.value, data: data.values, borderColor: "#1d4f91", backgroundColor: "#1d4f91", tension: 0.2, spanGaps: true,
        // Periods not every partner has reported yet: a dashed segment and hollow points.
        segment: { borderDash: (ctx) => (data.partial[laterEnd(ctx)] ? [5, 4] : undefined) },
        pointBackgroundColor: data.partial.map((p) => (p ? "#ffffff" : "#1d4f91")),
      },
    ];
    if (data.claimed) {
      datasets.push({ label: text.claimed, data: data.claimed, borderColor: "#6b7280", borderDash: [6, 3], pointRadius: 0 });
    }
    if (data.baseline !== null) {
      datasets.push({ label: text.baseline, data: flat(data.baseline), borderColor: "#6b7280", pointRadius: 0, borderWidth: 1 });
    }
    if (data.target) {
      datasets.push({ label: text.target + " (" + isolated(data.target.period) + ")", data: flat(data.target.value), borderColor: "#0f7b3f", borderDash: [2, 2], pointRadius: 0 });
    }
    const marks = data.definitions
      .map((change) => ({ index: data.labels.indexOf(change.period), label: text.definition.replace("%s", change.number) }))
      .filter((mark) => mark.index >= 0);
    // The canvas draws its text left to right (period codes, numbers); Hebrew legend and
    // tooltip text gets its own direction from Chart.js's textDirection below.
    canvas.dir = "ltr";
    canvas.chart = new Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        locale: lang,
        scales: {
          // Level labels, thinned out to fit a phone's width too.
          x: { ticks: { maxRotation: 0, autoSkip: true, autoSkipPadding: 12 } },
          y: { beginAtZero: true, position: rtl ? "right" : "left" },
        },
        plugins: {
          legend: { rtl, textDirection: rtl ? "rtl" : "ltr" },
          tooltip: {
            rtl,
            textDirection: rtl ? "rtl" : "ltr",
            callbacks: { title: (items) => (items.length ? isolated(items[0].label) : "") },
          },
          definitionMarks: { marks },
        },
      },
      plugins: [definitionMarks],
    });
    canvas.dataset.drawn = "true";
  }

  // The equity view: one chart per dimension, a line per subgroup (rates where a population
  // is recorded, else counts); the table beneath holds the same figures.
  const palette = ["#1d4f91", "#c2410c", "#0f7b3f", "#7c3aed", "#a16207", "#be185d"];

  function drawEquity() {
    if (typeof Chart === "undefined") return;
    document.querySelectorAll("canvas.equity-chart").forEach((canvas) => {
      const source = document.getElementById(canvas.dataset.source);
      if (!source) return;
      const data = JSON.parse(source.textContent);
      const order = (list) => (rtl ? list.slice().reverse() : list);
      const datasets = data.series.map((series, index) => ({
        label: series.label,
        data: order(series.values),
        borderColor: palette[index % palette.length],
        backgroundColor: palette[index % palette.length],
        tension: 0.2,
        spanGaps: true,
        pointRadius: 2,
      }));
      canvas.dir = "ltr";
      canvas.chart = new Chart(canvas, {
        type: "line",
        data: { labels: order(data.labels), datasets },
        options: {
          animation: false,
          maintainAspectRatio: false,
          locale: lang,
          scales: {
            x: { ticks: { maxRotation: 0, autoSkip: true, autoSkipPadding: 12 } },
            y: { beginAtZero: true, position: rtl ? "right" : "left", title: { display: true, text: data.axis } },
          },
          plugins: {
            legend: { rtl, textDirection: rtl ? "rtl" : "ltr" },
            tooltip: {
              rtl,
              textDirection: rtl ? "rtl" : "ltr",
              callbacks: { title: (items) => (items.length ? isolated(items[0].label) : "") },
            },
          },
        },
      });
      canvas.dataset.drawn = "true";
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("DOMContentLoaded", drawEquity);
})();
