"""What the audit log shows of phases (registered by PhasesConfig.ready)."""

from backbone.lib import audit
from backbone.phases.models import MilestoneTick, PhaseMove

audit.register(audit.History(MilestoneTick, collective="collective_id"))
audit.register(
    audit.History(PhaseMove, collective="collective_id", hidden=frozenset({"recorded_at"}))
)
