from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "gongkai.publications"
    label = "publications"
    verbose_name = "主动公开"

    def ready(self):
        from gongkai.core import demo
        from gongkai.search import sources

        from . import importer, search_source, services  # noqa: F401  (their audit labels, the calendar recomputer)

        sources.register(search_source.PublicationSource())
        demo.register(10, "gongkai.publications.demo.build_publications")
        demo.register_items("gongkai.publications.corpus.generate")
