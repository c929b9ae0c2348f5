from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "gongkai.bulletins"
    label = "bulletins"
    verbose_name = "警情通报与办事指南"

    def ready(self):
        from gongkai.core import demo
        from gongkai.search import sources

        from . import search_sources, services  # noqa: F401  services registers the audit action labels

        sources.register(search_sources.GuideSource())
        sources.register(search_sources.BulletinSource())
        demo.register(30, "gongkai.bulletins.demo.build")
