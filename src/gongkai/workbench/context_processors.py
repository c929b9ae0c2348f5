from django.conf import settings

from gongkai.core import clock, passwords
from gongkai.core.access import has_capability
from gongkai.core.calendar import missing_next_year
from gongkai.core.permissions import Capability

from .navigation import menu_for


def workbench(request):
    if not request.path.startswith("/workbench/") or not request.user.is_authenticated:
        return {}
    if settings.GONGKAI_SECOND_FACTOR and not request.user.is_verified():
        return {}  # nothing of the workbench before the second factor
    now = clock.now()
    # A pending password change (set by someone else, or the password too old) opens only the
    # password page: no menu whose every link leads back to it.
    if passwords.must_change(request.user, now):
        return {"password_pending": True}
    context = {"workbench_menu": menu_for(request.user, request.path),
               "password_days_left": passwords.days_left(request.user, now)}
    if has_capability(request.user, Capability.CALENDAR_MANAGE):
        context["calendar_missing_year"] = missing_next_year(clock.today())
    return context
