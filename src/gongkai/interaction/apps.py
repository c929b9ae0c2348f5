from django.apps import AppConfig


class InteractionConfig(AppConfig):
    name = "gongkai.interaction"
    label = "interaction"
    verbose_name = "互动交流"

    def ready(self):
        from . import services  # noqa: F401  registers the calendar recomputer
