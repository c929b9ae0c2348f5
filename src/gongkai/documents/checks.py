"""Start-up checks of what letters and reports need (run by `gongkai check`, every management
command that checks, the server's start and /healthz)."""

from django.core.checks import Error, register


@register("documents")
def document_fonts(app_configs, **kwargs) -> list[Error]:
    from . import fonts

    return [Error(problem, id="gongkai.E001") for problem in fonts.problems()]
