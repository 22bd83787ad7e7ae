"""Content fields of activities kept in every language (see settings)."""

from backbone.activities.models import ActivityKind, Group
from backbone.lib.translation import register_translated

register_translated(ActivityKind, "name")
register_translated(Group, "name")
