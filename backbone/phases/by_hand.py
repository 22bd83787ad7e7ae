"""The milestones nothing in Backbone can see: ticked by hand, with a note."""

from django.utils.translation import gettext_lazy as _

from backbone.phases.milestones import Milestone, register

register(Milestone("champions_identified", "initiate", 20, _("Influential champions identified")))
register(Milestone("community_outreach", "initiate", 50, _("Community engaged in the outreach")))
register(Milestone("community_engaged", "organize", 60, _("Community engaged in the agenda")))
register(
    Milestone("learning_routine", "sustain", 20, _("Progress reviewed together at set intervals"))
)
register(
    Milestone("sustained_funding", "sustain", 30, _("Funding for the backbone secured for years"))
)
