from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out, user_login_failed

        from gongkai.documents import checks  # noqa: F401  (registers the document font check)

        from . import ratelimit

        user_logged_out.connect(_revoke_tokens_on_logout, dispatch_uid="gongkai-revoke-tokens")
        user_login_failed.connect(ratelimit.count_login_failure, dispatch_uid="gongkai-login-failures")


def _revoke_tokens_on_logout(sender, request, user, **kwargs):
    # Logging out of the workbench ends the person's API keys too (also the idle logout).
    if user is not None:
        from . import services

        services.revoke_api_tokens(user=user, because="logout")
