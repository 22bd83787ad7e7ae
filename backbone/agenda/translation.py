"""Content fields of the common agenda kept in every language (see settings)."""

from backbone.agenda.models import StrengthKind
from backbone.lib.translation import register_translated

register_translated(StrengthKind, "name")
