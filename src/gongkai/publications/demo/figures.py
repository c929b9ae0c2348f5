"""The yearly enforcement figures of each body (licences, penalties, coercive measures, fees):
last year's in full, this year's so far."""

from datetime import date
from decimal import Decimal

from gongkai.core.demo import DemoContext

from .. import services
from .items import CITY, SANYUAN, SHAXIAN


def enforcement_figures(ctx: DemoContext, today: date) -> None:
    rng, office = ctx.rng, ctx.users["gongkaiban"]
    sizes = {CITY: (16000, 160000, 900, 950), SANYUAN: (1800, 9500, 220, 85), SHAXIAN: (1400, 7800, 160, 70)}
    for code, (lic, pen, coe, fee) in sizes.items():
        body = ctx.units[code].body
        for year in (today.year - 1, today.year):
            part = 1.0 if year < today.year else (today.timetuple().tm_yday / 365)
            note = "" if year < today.year else f"截至{today.month}月{today.day}日的累计数，年底前更新"
            services.save_enforcement_figures(
                actor=office, body=body, year=year, licences=int(lic * part * rng.uniform(0.9, 1.1)),
                penalties=int(pen * part * rng.uniform(0.9, 1.1)),
                coercive_measures=int(coe * part * rng.uniform(0.85, 1.15)),
                fees_wan_yuan=Decimal(f"{fee * part * rng.uniform(0.9, 1.1):.4f}"), note=note)
