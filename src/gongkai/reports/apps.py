from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = "年度报告"

    def ready(self):
        from gongkai.core import audit, demo
        from gongkai.search import sources

        from . import circular, legacy_services, search_source, services

        for labels in (services.AUDIT_LABELS, legacy_services.AUDIT_LABELS, circular.AUDIT_LABELS):
            audit.ACTION_LABELS.update(labels)
        sources.register(search_source.ReportSource())
        demo.register(40, "gongkai.reports.demo.build")
