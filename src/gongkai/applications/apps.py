from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    label = "applications"
    verbose_name = "依申请公开"

    def ready(self):
        from gongkai.core import audit
        from gongkai.core.calendar import on_calendar_change

        from . import services, workflow

        on_calendar_change(services.recompute_application_deadlines)
        audit.ACTION_LABELS.update(services.AUDIT_LABELS)
        audit.ACTION_LABELS.update(workflow.audit_labels())
