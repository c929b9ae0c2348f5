from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "gongkai.bulletins"
    label = "bulletins"
    verbose_name = "警情通报与办事指南"

    def ready(self):
        from gongkai.core import audit, demo
        from gongkai.search import sources

        from . import search_sources, services, workflow

        audit.ACTION_LABELS.update(services.AUDIT_LABELS)
        audit.ACTION_LABELS.update(workflow.audit_labels())
        audit.EARLIER_OBJECT_TYPES["bulletins.guide"] = "bulletins.serviceguide"
        sources.register(search_sources.GuideSource())
        sources.register(search_sources.BulletinSource())
        demo.register(30, "gongkai.bulletins.demo.build")
