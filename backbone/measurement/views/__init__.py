"""Web views of shared measurement, one module per page: indicators (dashboard, an
indicator), definitions (new indicator, redefine, targets, adjustments), equity (equity,
completeness), submissions (list, detail, value history, actions), upload (upload, column
mapping, errors file), grid (the web form), templates (the reporting template) and
populations (the population page)."""
