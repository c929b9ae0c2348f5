"""The demo's proactive disclosure, built: the plan lived in date order through the services,
then the enforcement figures. Registered in `PublicationsConfig.ready()`."""

from datetime import timedelta

from gongkai.core import clock
from gongkai.core.calendar import get_calendar
from gongkai.core.demo import DemoContext
from gongkai.core.demo.kernel import ensure_reviewers

from .figures import enforcement_figures
from .items import CORRECTED, WITHDRAWN
from .planner import plan
from .runner import Runner


def build_publications(ctx: DemoContext) -> None:
    """Proactive disclosure: ~250 items per scale through the services, plus enforcement figures."""
    ensure_reviewers(ctx)
    today = clock.today()
    cal = get_calendar()
    names = {code: (u.name, u.short_name, u.level) for code, u in ctx.units.items()}
    items = plan(ctx.rng, ctx.scale, today, cal, names)
    # One timeline: each item's life from its created_on, withdrawals and corrections on their day.
    events = [(item.created_on, 0, i, item) for i, item in enumerate(items)]
    events += [(item.published_on + timedelta(days=item.after_days), 1, i, item) for i, item in enumerate(items)
               if item.fate in (WITHDRAWN, CORRECTED)]
    runner = Runner(ctx, cal)
    for _, phase, _, item in sorted(events, key=lambda e: e[:3]):
        if phase == 0:
            runner.live(item)
        else:
            runner.after(item)
    enforcement_figures(ctx, today)
