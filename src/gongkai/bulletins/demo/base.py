"""What the bulletins' and the guides' demo share: the units they are written for, the clerks who
enter them, and the local time of a demo act."""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone

from gongkai.core import services as core_services
from gongkai.core.demo import DEMO_PASSWORD, DemoContext
from gongkai.core.models import Role

from .. import services

CITY, SANYUAN, SHAXIAN = "350400", "350404", "350405"


def at(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))



def ensure_staff(ctx: DemoContext) -> dict:
    """A role of its own for the staff who enter bulletins and guides; the office reviews."""
    admin = ctx.users["admin"]
    role = Role.objects.filter(code="bulletin_clerk").first() or core_services.save_role(
        actor=admin, code="bulletin_clerk", name="通报与指南维护员", scope=Role.Scope.SUBTREE,
        description="填报本单位及下级单位的警情通报，维护办事指南；审核发布由政务公开办负责",
        capabilities=[services.BULLETIN_CAPABILITY, services.GUIDE_CAPABILITY])
    people = {}
    for username, name, unit_code in [("tongbao", "周文军", CITY), ("tongbao_sy", "肖丽萍", SANYUAN)]:
        if username not in ctx.users:
            ctx.users[username] = core_services.create_user(
                actor=None, username=username, name=name, unit=ctx.units[unit_code], password=DEMO_PASSWORD,
                roles=[role], phone=f"0598-82{ctx.rng.randint(10000, 99999)}", must_change_password=False)
            ctx.accounts.append((username, role.name, ctx.units[unit_code].name))
        people[unit_code] = ctx.users[username]
    people[SHAXIAN] = people[CITY]  # the city's clerk reaches every branch (subtree of the city)
    return people

