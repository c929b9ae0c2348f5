from django.apps import AppConfig


class InteractionConfig(AppConfig):
    name = "gongkai.interaction"
    label = "interaction"
    verbose_name = "互动交流"

    def ready(self):
        from gongkai.core import audit
        from gongkai.core.calendar import on_calendar_change

        from . import services, workflow

        on_calendar_change(services.recompute_letter_deadlines)
        audit.ACTION_LABELS.update(services.AUDIT_LABELS)
        audit.ACTION_LABELS.update(workflow.audit_labels())
