from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterchangeConfig(AppConfig):
    """No models: an app only so that its templates (the error report and the column-mapping
    form every import shows) and `backbone purge-rejected` are found."""

    name = "backbone.interchange"
    verbose_name = _("Files in and out")
