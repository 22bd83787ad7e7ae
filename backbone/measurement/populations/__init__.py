"""Populations, the denominators of rates: table (PopulationTable, what a rate is set
against) and files (importing and exporting them). The page is views/populations."""
