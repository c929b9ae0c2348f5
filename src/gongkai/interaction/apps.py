from django.apps import AppConfig


class InteractionConfig(AppConfig):
    name = "gongkai.interaction"
    label = "interaction"
    verbose_name = "互动交流"

    def ready(self):
        from gongkai.core import audit, demo, keyring
        from gongkai.core.calendar import on_calendar_change
        from gongkai.search import sources

        from . import personal_index, search_source, services, workflow

        on_calendar_change(services.recompute_letter_deadlines)
        audit.ACTION_LABELS.update(services.AUDIT_LABELS)
        audit.ACTION_LABELS.update(workflow.audit_labels())
        audit.EARLIER_OBJECT_TYPES["interaction.topic"] = "interaction.lettertopic"
        sources.register(search_source.QASource())
        keyring.register_index_user(rekey=personal_index.recompute)
        demo.register(25, "gongkai.interaction.demo.build_letters")
