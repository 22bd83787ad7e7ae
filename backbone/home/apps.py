from django.apps import AppConfig


class HomeConfig(AppConfig):
    """Pages that gather every domain: the site and collective home pages, the audit log.

    It sits at the top of the dependency order (like equity and reports): it reads the other
    apps' selectors and nothing reads it.
    """

    name = "backbone.home"
    label = "home"
