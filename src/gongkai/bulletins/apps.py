from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "gongkai.bulletins"
    label = "bulletins"
    verbose_name = "警情通报与办事指南"

    def ready(self):
        from . import services  # noqa: F401  registers the audit action labels
