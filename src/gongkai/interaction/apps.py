from django.apps import AppConfig


class InteractionConfig(AppConfig):
    name = "gongkai.interaction"
    label = "interaction"
    verbose_name = "互动交流"

    def ready(self):
        from gongkai.core import demo, keyring
        from gongkai.search import sources

        from . import personal_index, search_source, services  # noqa: F401  services registers the calendar recomputer

        sources.register(search_source.QASource())
        keyring.register_index_user(rekey=personal_index.recompute)
        demo.register(25, "gongkai.interaction.demo.build_letters")
