"""Start-up checks of what letters and reports need: run by `gongkai check`, by the management
commands that check first (migrate, `gongkai serve`, so `make run`), and by /healthz."""

from django.core.checks import Error, register


@register("documents")
def document_fonts(app_configs, **kwargs) -> list[Error]:
    from . import fonts

    return [Error(problem, id="gongkai.E001") for problem in fonts.problems()]
