"""Interchange out: exports (the values sheet and the reporting template) and iati (a
collective's results as an IATI activity file: iati_codes, iati_xml, iati_results)."""
