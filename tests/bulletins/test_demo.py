"""The demo's bulletins and guides: a year of weeks for three bodies, with the states a
demonstration needs, and twenty published guides — built through the services."""

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.bulletins import selectors
from gongkai.bulletins.models import Bulletin, ServiceGuide
from gongkai.core import audit

B = Bulletin


@pytest.fixture
def pinned_today():
    """The demo runs on the real calendar (overrides the package's pinned day)."""


@pytest.fixture
def media():
    """The demo's uploaded forms stay where the session's demo stored them (overrides the package's
    temporary MEDIA_ROOT per test)."""


@pytest.fixture
def built(demo, db):
    """The bulletins and guides of the session's demo bureau."""
    return demo


def test_a_year_of_weeks_for_three_bodies(built):
    public = selectors.public_bulletins()
    assert public.values("body").distinct().count() == 3
    per_body = {code: public.filter(body__unit__code=code).count() for code in ("350400", "350404", "350405")}
    # 52 weeks each; 三元's newest waits for review and 沙县's is a draft.
    assert per_body == {"350400": 52, "350404": 51, "350405": 51}
    assert B.objects.filter(status=B.Status.IN_REVIEW).count() == 1
    assert B.objects.filter(status=B.Status.DRAFT).count() == 1
    assert B.objects.filter(status=B.Status.SUPERSEDED).count() == 1
    assert B.objects.filter(status=B.Status.WITHDRAWN).count() == 1
    corrected = public.get(version=2, replaces__isnull=False)
    assert "重复统计" in corrected.correction_note
    # Published on the Monday after the week, as a bureau does.
    for b in public[:20]:
        day = timezone.localdate(b.published_at)
        assert day.weekday() == 0 and day > b.week_end
    weeks = sorted(public.filter(body__unit__code="350400").values_list("week_start", flat=True))
    assert all((later - earlier).days == 7 for earlier, later in zip(weeks, weeks[1:], strict=False))


def test_counts_are_plausible_and_texts_clean(built):
    from gongkai.bulletins import services

    city = selectors.public_bulletins().filter(body__unit__code="350400")
    assert 100 < sum(b.traffic for b in city) / city.count() < 200
    assert len({b.criminal for b in city}) > 10  # noise, not a constant
    assert not any(services.bulletin_findings(b) for b in selectors.public_bulletins())


def test_twenty_published_guides(built, client):
    public = selectors.public_guides()
    assert public.count() == 20
    assert ServiceGuide.objects.filter(status=ServiceGuide.Status.WITHDRAWN).count() == 1
    assert ServiceGuide.objects.filter(status=ServiceGuide.Status.DRAFT).count() == 1
    names = set(public.values_list("name", flat=True))
    for expected in ["户口迁移（投靠亲属落户）", "居民身份证申领、换领、补领", "普通护照签发", "机动车注册登记",
                     "机动车驾驶证申领（初次申领）", "剧毒化学品购买许可", "大型群众性活动安全许可"]:
        assert expected in names
    assert set(public.values_list("category__code", flat=True)) == {
        "huzheng", "churujing", "jiaotong", "zhian", "xiaofang", "other"}
    guide = public.get(name="剧毒化学品购买许可")
    form = guide.forms.get()
    assert form.kind == "docx"
    assert Client().get(f"/banshi/{guide.pk}/biaoge/{form.pk}/").status_code == 200


def test_audit_chain_holds(built):
    assert audit.verify().ok
