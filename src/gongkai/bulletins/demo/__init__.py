"""Demo data: a year of weekly incident bulletins for the city and its two branches, and twenty
service guides of a police bureau, all through `gongkai.bulletins.services`.

Counts follow the seasons a city bureau sees (traffic around the Spring Festival and National Day
holidays, public order in the summer nights, fires in the dry winter) with week-to-week noise.
The services stamp every act with the current time; the demo then gives each bulletin the times
it would have had (entered and published on the Monday after its week), as the publications demo
does. The audit log keeps the real times.

`base` has the units and the clerks both parts use, `weekly` the bulletins, `guides` the guides."""

from __future__ import annotations

from gongkai.core.demo import DemoContext

from .base import ensure_staff
from .guides import build_guides
from .weekly import build_bulletins


def build(ctx: DemoContext) -> None:
    clerks = ensure_staff(ctx)
    build_bulletins(ctx, clerks)
    build_guides(ctx, clerks)
