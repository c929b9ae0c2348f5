import os
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.hashers import Argon2PasswordHasher

from gongkai.core import services
from gongkai.core.models import Role, Unit
from gongkai.publications import services as publication_services
from gongkai.publications.models import CatalogTopic


@pytest.fixture
def bureau(db):
    """A small bureau: city → two branches → stations, with the city and one branch as bodies."""
    city = services.create_unit(actor=None, name="三明市公安局", code="350400", level=Unit.Level.CITY)
    office = services.create_unit(actor=None, name="办公室", code="35040001", level=Unit.Level.DIVISION, parent=city)
    sanyuan = services.create_unit(actor=None, name="三元分局", code="350404", level=Unit.Level.BRANCH, parent=city)
    station = services.create_unit(actor=None, name="城关派出所", code="35040401", level=Unit.Level.STATION,
                                   parent=sanyuan)
    shaxian = services.create_unit(actor=None, name="沙县分局", code="350405", level=Unit.Level.BRANCH, parent=city)
    # Both remedy settings, as a body must have them before it can reply (applications/workflow.remedy_unset).
    services.save_disclosure_body(actor=None, unit=city, org_code="11350400003614578A", letter_name="三明市公安局",
                                  notice_prefix="明公信告", reconsideration_authority="三明市人民政府",
                                  litigation_court="三明市三元区人民法院")
    services.save_disclosure_body(actor=None, unit=sanyuan, org_code="11350404003614586Q",
                                  letter_name="三明市公安局三元分局", notice_prefix="明三公信告",
                                  reconsideration_authority="三明市三元区人民政府", litigation_court="三明市三元区人民法院")
    return {"city": city, "office": office, "sanyuan": sanyuan, "station": station, "shaxian": shaxian}


@pytest.fixture
def make_user(bureau):
    def make(role_code: str | None, unit_key: str = "city", username: str | None = None, **kwargs):
        roles = [Role.objects.get(code=role_code)] if role_code else []
        kwargs.setdefault("must_change_password", False)
        return services.create_user(actor=None, username=username or f"{role_code or 'plain'}_{unit_key}",
                                    name=kwargs.pop("name", "测试用户"), unit=bureau[unit_key],
                                    password="Sanming#2026x", roles=roles, **kwargs)
    return make


@pytest.fixture
def team(bureau, make_user):
    """The people of one item's life at 三元分局: drafter, reviewer (单位审核), censor (保密审查),
    leader; and the city office. Each step by another person (四眼原则, core/four_eyes.py)."""
    return {
        "drafter": make_user("handler", "station", username="drafter"),
        "reviewer": make_user("reviewer", "sanyuan", username="reviewer"),
        "censor": make_user("reviewer", "sanyuan", username="censor"),
        "leader": make_user("leader", "sanyuan", username="leader"),
        "office": make_user("office", "office", username="office"),
        "outsider": make_user("reviewer", "shaxian", username="outsider"),
    }


@pytest.fixture
def topic(db):
    return CatalogTopic.objects.get(code="0803")  # 交通管理: full chain


@pytest.fixture
def draft(team, bureau, topic):
    def make(**fields):
        fields.setdefault("title", "关于调整城区部分道路交通组织的通告")
        fields.setdefault("created_on", date(2026, 11, 2))
        fields.setdefault("body_text", "为缓解城区交通压力，自2026年12月1日起，列东街实行单向通行。")
        return publication_services.create_draft(actor=team["drafter"], unit=bureau["station"], topic=fields.pop("topic", topic),
                                     **fields)
    return make


PASSWORD = "Sanming#2026x"


def totp_now(device) -> str:
    """The code an authenticator holding `device`'s secret shows at this moment."""
    import time as clock

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = clock.time()
    return f"{totp.token():0{device.digits}d}"


def second_factor_code(user) -> str:
    """A code that logs `user` in now: their authenticator's (one is enrolled if they have none).
    A test may log the same person in twice within one 30-second step, which the replay guard
    would refuse, so the guard is reset first; tests/core/test_second_factor.py tests the guard."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from gongkai.core import second_factor

    device = second_factor.authenticator(user) or TOTPDevice.objects.create(
        user=user, name=second_factor.AUTHENTICATOR, confirmed=True)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0,
                                                   throttling_failure_timestamp=None)
    device.refresh_from_db()
    return totp_now(device)


def _force_login_with_second_factor():
    """`Client.force_login` skips the password; here it skips the second factor the same way, as
    if the person had just entered their authenticator's code (an enrolled device in the session)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    plain = Client.force_login

    def force_login(self, user, backend=None):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from gongkai.core import second_factor

        plain(self, user, backend)
        device = second_factor.authenticator(user) or TOTPDevice.objects.create(
            user=user, name=second_factor.AUTHENTICATOR, confirmed=True)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

    Client.force_login = force_login


class CheapArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 (same algorithm name and code path) at the lowest cost: the suite creates well over
    a thousand accounts, each ~0.2 s at full strength. Production keeps the full-strength default
    (tests/core/test_auth.py checks that)."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1


CHEAP_HASHERS = [f"{__name__}.CheapArgon2PasswordHasher"]


def pytest_configure(config):
    from django.conf import settings

    config.pluginmanager.register(_DemoLast(), "gongkai-demo-last")
    _force_login_with_second_factor()
    settings.PASSWORD_HASHERS = CHEAP_HASHERS
    # GONGKAI_TEST_TODAY=2027-01-05 runs the whole session on that day at 10:00 local time;
    # 2027-01-05T00:05 at that time (tests/test_any_date.py).
    if day := os.environ.get("GONGKAI_TEST_TODAY"):
        moment = datetime.fromisoformat(day if "T" in day else f"{day}T10:00")
        time_machine.travel(moment.replace(tzinfo=SHANGHAI), tick=True).start()


# The modules whose tests use the session's demo (the `demo` fixture below).
DEMO_MODULES = ("tests/publications/test_demo.py", "tests/applications/test_demo.py",
                "tests/interaction/test_demo.py", "tests/bulletins/test_demo.py")


def _uses_session_demo(item) -> bool:
    return "demo" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("e2e")


class _DemoLast:
    """The session demo's tests run last: while the demo stands, every later test of that process
    would see it. trylast: after pytest-django has put the transactional tests (which empty the
    tables) at the end, so that they too run before the demo is built."""

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items):
        # The xdist scheduler below groups by module: a module either shares the demo in all its
        # tests or in none.
        paths = {i.nodeid.split("::")[0] for i in items if _uses_session_demo(i)}
        others = {i.nodeid.split("::")[0] for i in items if not _uses_session_demo(i)}
        if paths - set(DEMO_MODULES) or others & set(DEMO_MODULES):
            raise pytest.UsageError("tests/conftest.py: every test of a module in DEMO_MODULES, and only those, "
                                    f"use the `demo` fixture (modules: {sorted(paths ^ set(DEMO_MODULES))}, "
                                    f"{sorted(others & set(DEMO_MODULES))})")
        items.sort(key=_uses_session_demo)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """With pytest-xdist (`make test`): the browser tests on one worker (they share one Chromium
    and live server), the demo's tests on one worker, sent last (with `--no-loadscope-reorder` the
    order of the collection is kept), every other test on its own. Done here from the test's path
    because xdist's own `xdist_group` marker does not take effect under pytest 9.2."""
    from xdist.scheduler import LoadScopeScheduling

    class Groups(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            if path.startswith("tests/e2e/"):
                return "browser"
            return "demo" if path in DEMO_MODULES else nodeid

    return Groups(config, log) if config.getvalue("dist") == "loadgroup" else None


@pytest.fixture(scope="session")
def seed_snapshot(django_db_setup) -> str | None:
    """The rows migrations seed (roles, the 2004–2026 calendar) as serialized when the test
    database was created, if a test asked for serialized rollback (the browser tests do). Taken
    before Playwright starts: afterwards Django hands out connection objects without it."""
    from django.db import connection

    return getattr(connection, "_test_serialized_contents", None)


@pytest.fixture(scope="session")
def demo(django_db_setup, django_db_blocker, tmp_path_factory, seed_snapshot):
    """The whole demo bureau (`gongkai demo`, seed 1), built once per test process and rolled back
    at its end. The random state the catalog was planned from is kept, to plan it again
    (tests/publications/test_demo.py)."""
    from django.db import transaction
    from django.test import override_settings

    from gongkai.core.demo import build
    from gongkai.publications.demo import build as publications_demo

    calls = []
    real_plan = publications_demo.plan

    def recording_plan(rng, *args):
        calls.append((rng.getstate(), args))
        return real_plan(rng, *args)

    with (django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))),
          pytest.MonkeyPatch.context() as mp, transaction.atomic()):
        from django.apps import apps
        from django.core.management.color import no_style
        from django.db import connection

        from gongkai.core.models import Role

        # Browser tests that ran before in this process empty every table after each test.
        if not Role.objects.exists() and seed_snapshot:
            connection.creation.deserialize_db_from_string(seed_snapshot)
            # The rows come back with their ids; PostgreSQL's sequences must move past them.
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                    cursor.execute(sql)
        mp.setattr(publications_demo, "plan", recording_plan)
        ctx = build(seed=1, scale=1)
        ctx.planned_from = calls
        yield ctx
        transaction.set_rollback(True)


@pytest.fixture(scope="session", autouse=True)
def key_dir(tmp_path_factory):
    """Each test process keeps its keys apart from the checkout's data/keys and from the other
    workers: a test that rotates or replaces a key must not pull it from under another process's
    encrypted rows. One folder for the whole process, as the session's demo is encrypted once."""
    from django.conf import settings

    settings.GONGKAI_KEY_DIR = tmp_path_factory.mktemp("keys")
    return settings.GONGKAI_KEY_DIR


@pytest.fixture(autouse=True)
def search_dir(settings, tmp_path):
    """Each test has its own search index and audit checkpoint file (the checkout's data/ is left
    alone, and a test whose database is emptied afterwards leaves no checkpoints for the next)."""
    settings.GONGKAI_SEARCH_DIR = tmp_path / "search"
    settings.GONGKAI_AUDIT_CHECKPOINTS = tmp_path / "audit" / "checkpoints.log"
    return settings.GONGKAI_SEARCH_DIR



@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Each test starts with an empty page cache. Its keys carry the version of public content,
    which a rolled-back test hands on unchanged to the next test in the process: without this, a
    page the last test cached under the same version and address would be served to this one."""
    from django.core.cache import caches

    caches["pages"].clear()

@pytest.fixture
def pin_today():
    """pin_today(day[, hour]) moves the bureau's clock to `day` at `hour`:00 Shanghai time (or to a
    given aware datetime), running from there; call it again to move on. It moves the process's
    real time (time-machine), so `gongkai.core.clock`, Django's own timestamps and the live
    server's thread all agree on the day."""
    travellers = []

    def pin(day: date | datetime, hour: int = 10):
        moment = day if isinstance(day, datetime) else datetime.combine(day, time(hour), tzinfo=SHANGHAI)
        if travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(moment, tick=True)
        traveller.start()
        travellers.append(traveller)

    yield pin
    for traveller in travellers:
        traveller.stop()


SHANGHAI = ZoneInfo("Asia/Shanghai")
