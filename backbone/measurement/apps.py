from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasurementConfig(AppConfig):
    name = "backbone.measurement"
    verbose_name = _("Shared measurement")

    def ready(self) -> None:
        # Connects the signals that keep the approved totals in step with values written
        # one at a time through the ORM.
        # Says which of this app's records the audit log shows (backbone.lib.audit), and
        # which are versioned documents (backbone.documents).
        from backbone.events import jobs
        from backbone.measurement import audit, documents, milestones  # noqa: F401
        from backbone.measurement.exchange.jobs import run_iati_export, run_values_export
        from backbone.measurement.rollups import signals  # noqa: F401
        from backbone.measurement.views.populations import run_population_import
        from backbone.measurement.views.upload_job import run_values_import

        jobs.register("population.import", run_population_import)
        jobs.register("values.export", run_values_export)
        jobs.register("iati.export", run_iati_export)
        jobs.register("values.import", run_values_import)
