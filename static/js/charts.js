// Draws the indicator's series with Chart.js (installed by npm, served by Backbone itself).
// Baseline and target are horizontal lines; each change of definition is a dashed vertical
// line with its label, so no one reads a break in counting as a trend.
(function () {
  "use strict";

  const definitionMarks = {
    id: "definitionMarks",
    afterDatasetsDraw(chart, _args, options) {
      const { ctx, chartArea, scales } = chart;
      (options.marks || []).forEach((mark) => {
        const x = scales.x.getPixelForValue(mark.index);
        if (Number.isNaN(x)) return;
        ctx.save();
        ctx.strokeStyle = "#8a4b00";
        ctx.setLineDash([4, 4]);
        ctx.beginPath();
        ctx.moveTo(x, chartArea.top);
        ctx.lineTo(x, chartArea.bottom);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = "#8a4b00";
        ctx.font = "12px sans-serif";
        ctx.fillText(mark.label, x + 4, chartArea.top + 12);
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
    const flat = (value) => data.labels.map(() => value);
    const datasets = [
      {
        label: text.value, data: data.values, borderColor: "#1d4f91", backgroundColor: "#1d4f91", tension: 0.2, spanGaps: true,
        // Periods not every partner has reported yet: a dashed segment and hollow points.
        segment: { borderDash: (ctx) => (data.partial[ctx.p1DataIndex] ? [5, 4] : undefined) },
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
      datasets.push({ label: text.target + " (" + data.target.period + ")", data: flat(data.target.value), borderColor: "#0f7b3f", borderDash: [2, 2], pointRadius: 0 });
    }
    const marks = data.definitions
      .map((change) => ({ index: data.labels.indexOf(change.period), label: text.definition.replace("%s", change.number) }))
      .filter((mark) => mark.index >= 0);
    const rtl = document.documentElement.dir === "rtl";
    canvas.chart = new Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: { x: { reverse: rtl }, y: { beginAtZero: true, position: rtl ? "right" : "left" } },
        plugins: { legend: { rtl }, definitionMarks: { marks } },
      },
      plugins: [definitionMarks],
    });
    canvas.dataset.drawn = "true";
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
