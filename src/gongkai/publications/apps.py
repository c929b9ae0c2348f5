from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "gongkai.publications"
    label = "publications"
    verbose_name = "主动公开"

    def ready(self):
        from gongkai.core import audit, demo
        from gongkai.core.calendar import on_calendar_change
        from gongkai.search import sources

        from . import search_source, services, workflow

        on_calendar_change(services.recompute_publication_deadlines)
        audit.ACTION_LABELS.update(services.AUDIT_LABELS)
        audit.ACTION_LABELS.update(workflow.audit_labels())
        audit.EARLIER_OBJECT_TYPES.update({"publications.topic": "publications.catalogtopic",
                                           "publications.channel": "publications.publicationchannel"})
        sources.register(search_source.PublicationSource())
        demo.register(10, "gongkai.publications.demo.build.build_publications")
        demo.register_items("gongkai.publications.corpus.generate")
