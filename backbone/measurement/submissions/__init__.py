"""Submissions: what organizations report and its path to approval. imports (upload: the one
pipeline values come in by), checks (column mapping and the catalogue rows are checked
against), writer (RowWriter, with its fast path, row checks and total rows in fast_path,
rows and total_rows), workflow (submit, approve, return, remind), replacements (what a
correction changes) and grids (the web form)."""
