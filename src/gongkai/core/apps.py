from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
        from django.db.models.signals import post_migrate

        from . import (
            checks,  # noqa: F401  (registers the document font check)
            dbroles,
            keyring,
            ratelimit,
            receivers,
            rotation,
        )

        user_logged_in.connect(receivers.logged_in, dispatch_uid="gongkai-audit-login")
        user_logged_out.connect(receivers.logged_out, dispatch_uid="gongkai-logout")
        user_login_failed.connect(ratelimit.count_login_failure, dispatch_uid="gongkai-login-failures")
        user_login_failed.connect(receivers.login_failed, dispatch_uid="gongkai-audit-login-failed")
        user_locked_out.connect(receivers.locked_out, dispatch_uid="gongkai-audit-locked-out")
        post_migrate.connect(dbroles.grant_after_migrate, sender=self, dispatch_uid="gongkai-db-app-role")
        post_migrate.connect(keyring.record_after_migrate, sender=self, dispatch_uid="gongkai-key-fingerprints")
        post_migrate.connect(rotation.purge_after_migrate, sender=self, dispatch_uid="gongkai-purge-plaintext")
