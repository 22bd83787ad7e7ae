from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo collective: built through the same services a person's actions use."""

    name = "backbone.demo"
    label = "demo"
