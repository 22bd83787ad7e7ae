"""Reads for the measurement pages, one module per concept: targets (in force), series
against baseline and target, completeness, breakdowns by place and dimension, the equity
view, the dashboard, and the submissions a user may see. All figures come from
rollups.engine.rollup."""
