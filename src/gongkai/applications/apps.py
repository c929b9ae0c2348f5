from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    label = "applications"
    verbose_name = "依申请公开"

    def ready(self):
        from gongkai.core import audit, demo, keyring
        from gongkai.core.calendar import on_calendar_change

        from . import personal_index, services, workflow

        on_calendar_change(services.recompute_application_deadlines)
        audit.ACTION_LABELS.update(services.AUDIT_LABELS)
        audit.ACTION_LABELS.update(workflow.audit_labels())
        keyring.register_index_user(check=personal_index.check, rekey=personal_index.recompute)
        demo.register(20, "gongkai.applications.demo.build.build_applications")
