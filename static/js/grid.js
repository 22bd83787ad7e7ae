// Live totals in the value-entry grid: row, column and grand totals of what is typed.
// They are shown only; the server derives every total from the cells again.
(function () {
  "use strict";
  const parse = (text) => {
    const clean = String(text).replace(/[\s\u00a0\u202f]/g, "").replace(/,(?=\d+$)/, ".");
    const number = Number(clean);
    return clean === "" || Number.isNaN(number) ? null : number;
  };
  // Totals grouped in the page's language, like the server's figures (not the browser's).
  const lang = document.documentElement.lang || undefined;
  const show = (cell, total, any) => { if (cell) cell.textContent = any ? total.toLocaleString(lang) : ""; };

  function update(table) {
    const columns = {};
    let grand = 0, anyGrand = false;
    table.querySelectorAll("tbody tr").forEach((row) => {
      let total = 0, any = false;
      row.querySelectorAll("input").forEach((input) => {
        const value = parse(input.value);
        if (value === null) return;
        total += value; any = true;
        const col = input.dataset.col;
        columns[col] = columns[col] || { total: 0, any: false };
        columns[col].total += value; columns[col].any = true;
      });
      show(row.querySelector(".row-total"), total, any);
      grand += total; anyGrand = anyGrand || any;
    });
    table.querySelectorAll(".col-total").forEach((cell) => {
      const col = columns[cell.dataset.col];
      show(cell, col ? col.total : 0, Boolean(col));
    });
    show(table.querySelector(".grand-total"), grand, anyGrand);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("table[data-grid]").forEach((table) => {
      table.addEventListener("input", () => update(table));
      update(table);
    });
  });
})();
