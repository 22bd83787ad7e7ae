"""Content fields of shared measurement kept in every language (see settings)."""

from backbone.lib.translation import register_translated
from backbone.measurement.models import Category, Dimension, Indicator, IndicatorVersion

register_translated(Indicator, "name", "description")
register_translated(IndicatorVersion, "counting_rule", "inclusion", "exclusion")
register_translated(Dimension, "name")
register_translated(Category, "name")
