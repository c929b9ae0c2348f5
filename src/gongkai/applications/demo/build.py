"""The demo's disclosure on application, built: the plan lived through the services. Registered
in `ApplicationsConfig.ready()`."""

from gongkai.core import clock
from gongkai.core.calendar import get_calendar
from gongkai.core.demo import DemoContext
from gongkai.core.demo.kernel import ensure_reviewers

from .planner import plan
from .runner import Runner


def build_applications(ctx: DemoContext) -> None:
    """Disclosure on application: about 50 cases per demo (more with --scale)."""
    ensure_reviewers(ctx)  # the city's and 沙县's signing leaders
    today = clock.today()
    cal = get_calendar()
    Runner(ctx, today, cal).run(plan(ctx.rng, ctx.scale, today, cal))
