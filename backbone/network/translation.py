"""Content fields of the network kept in every language (see settings: MODELTRANSLATION_*)."""

from backbone.lib.translation import register_translated
from backbone.network.models import Collective, Organization

register_translated(Collective, "name", "description")
# One normalized name per language: each language's name is unique in a collective (an
# empty name is stored as NULL, which a unique constraint lets repeat).
register_translated(Organization, "name", "normalized_name")
