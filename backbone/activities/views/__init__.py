"""The activities (3W) pages: the list and one activity, the form, the import, and the views
across activities (matrix, map, gaps, overlaps, complementarity)."""
