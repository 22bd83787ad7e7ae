"""IATI's code lists as this file uses them, and our defaults."""

from __future__ import annotations

from backbone.interchange import periods
from backbone.measurement.models import IndicatorKind, Unit
from backbone.network.models import OrganizationKind, SectorCode

IATI_VERSION = "2.03"
# A placeholder until the backbone organisation registers its own identifier; settings
# IATI_REPORTING_ORG_REF / IATI_REPORTING_ORG_TYPE (or the argument) override it.
DEFAULT_REPORTING_ORG_REF = "XM-DAC-BACKBONE"
DEFAULT_REPORTING_ORG_TYPE = "90"  # OrganisationType: Other

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# ResultType: 1 output, 2 outcome, 3 impact. The population result is the change the whole
# collective works towards; "better off" is the change in the people served; the rest is output.
RESULT_TYPE = {
    IndicatorKind.POPULATION: "3",
    IndicatorKind.BETTER_OFF: "2",
    IndicatorKind.HOW_MUCH: "1",
    IndicatorKind.HOW_WELL: "1",
}
# IndicatorMeasure: 1 unit, 2 percentage. A rate per N is a quantity, not a percentage, and the
# nominal (3) and ordinal (4) measures are for categorical scales, so a rate is a unit.
MEASURE = {Unit.COUNT: "1", Unit.PERCENTAGE: "2", Unit.RATE: "1"}

# OrganisationType. IATI has no code for community-based or faith-based organisations: both are
# civil society in the country, so national NGOs.
ORGANISATION_TYPE = {
    OrganizationKind.MINISTRY: "10",
    OrganizationKind.LOCAL_AUTHORITY: "11",
    OrganizationKind.PUBLIC_SERVICE: "15",
    OrganizationKind.NGO: "22",
    OrganizationKind.CBO: "22",
    OrganizationKind.FAITH_BASED: "22",
    OrganizationKind.PRIVATE: "70",
    OrganizationKind.ACADEMIC: "80",
    OrganizationKind.FUNDER: "60",
    OrganizationKind.MEDIA: "90",
    OrganizationKind.INFORMAL: "90",
}
# OrganisationRole.
ROLE_FUNDING, ROLE_ACCOUNTABLE, ROLE_IMPLEMENTING = "1", "2", "4"
ACTIVITY_STATUS_IMPLEMENTATION = "2"
ACTIVITY_DATE_ACTUAL_START = "2"
ACTIVITY_DATE_PLANNED_END = "3"
DESCRIPTION_GENERAL = "1"
VOCABULARY_REPORTING_ORG = "99"  # IndicatorVocabulary: the reporting organisation's own codes
SECTOR_VOCABULARY_DAC = "1"  # OECD DAC CRS purpose codes, 5 digits

# Partners' fields of work as DAC purpose codes (the codes IATI's rules ask for first).
DAC_SECTOR = {
    SectorCode.CHILD_PROTECTION: "16015",  # Social services (incl. youth development, children)
    SectorCode.SOCIAL_PROTECTION: "16010",
    SectorCode.FAMILY_SUPPORT: "16015",
    SectorCode.ALTERNATIVE_CARE: "16015",
    SectorCode.EDUCATION: "11110",
    SectorCode.HEALTH: "12110",
    SectorCode.DISABILITY: "16010",
    SectorCode.JUSTICE: "15130",
    SectorCode.HOUSING: "16030",
    SectorCode.MENTAL_HEALTH: "12340",
    SectorCode.LIVELIHOODS: "16020",
    SectorCode.HUMANITARIAN: "72010",
}
# IATI requires a sector; when no partner has named one, a Collective Impact initiative is, by
# design, work across sectors.
MULTISECTOR = "43010"

_KEY_OF_FREQUENCY = {frequency: key for key, frequency in periods.GRAIN_OF_KEY.items()}
