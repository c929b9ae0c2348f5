from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "gongkai.bulletins"
    label = "bulletins"
    verbose_name = "警情通报与办事指南"

    def ready(self):
        from gongkai.core import audit

        from . import services, workflow

        audit.ACTION_LABELS.update(services.AUDIT_LABELS)
        audit.ACTION_LABELS.update(workflow.audit_labels())
