from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self):
        # The kinds of content register their sources in their own apps (`sources.register`).
        from gongkai.core import signals
        from gongkai.core.backup.checks import register_check
        from gongkai.core.models import Unit

        from . import changes, health

        register_check(health.data_check)
        signals.unit_renamed.connect(changes.unit_renamed, sender=Unit, dispatch_uid="gongkai-search-unit-renamed")
