"""Content fields of governance kept in every language (see settings: MODELTRANSLATION_*)."""

from backbone.governance.models import Body
from backbone.lib.translation import register_translated

register_translated(Body, "name", "purpose", "government_role")
