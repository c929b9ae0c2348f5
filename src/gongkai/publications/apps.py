from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "gongkai.publications"
    label = "publications"
    verbose_name = "主动公开"

    def ready(self):
        from gongkai.core import audit
        from gongkai.core.calendar import on_calendar_change

        from . import importer, services, workflow

        on_calendar_change(services.recompute_publication_deadlines)
        audit.ACTION_LABELS.update(services.AUDIT_LABELS)
        audit.ACTION_LABELS.update(importer.AUDIT_LABELS)
        audit.ACTION_LABELS.update(workflow.audit_labels())
