"""Public content of every kind, written directly (the services that publish are tested in their
own apps; here what matters is what the index and the re-check make of the rows), each with its
change-log row as its service would write it."""

from datetime import date, datetime
from itertools import count

import pytest
from django.db import transaction
from django.utils import timezone

from gongkai.bulletins.models import Bulletin, GuideCategory, ServiceGuide
from gongkai.core.models import DisclosureBody
from gongkai.interaction.models import Letter, LetterTopic
from gongkai.publications.models import Attachment, CatalogTopic, Publication
from gongkai.reports.models import AnnualReport, ReportVersion
from gongkai.search import changes, indexer
from gongkai.search.models import Kind

_serial = count(1)


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def bodies(bureau):
    return {"city": DisclosureBody.objects.get(unit=bureau["city"]),
            "sanyuan": DisclosureBody.objects.get(unit=bureau["sanyuan"])}


@pytest.fixture
def make(bodies, bureau, make_user):
    """make.publication(title=..., ...), make.guide(...), make.qa(...), make.bulletin(...),
    make.report(...): a public object of that kind, logged for the indexer."""
    user = make_user("office", "office", username="writer")

    class Make:
        @staticmethod
        def publication(title="关于调整城区部分道路交通组织的通告", body_text="", body="city", unit=None,
                        topic="0803", published=date(2026, 11, 2), attachments=(), **fields):
            owner = bodies[body]
            with transaction.atomic():
                pub = Publication.objects.create(
                    body=owner, unit=unit or owner.unit, title=title, body_text=body_text,
                    created_on=published, topic=CatalogTopic.objects.get(code=topic), status=Publication.Status.PUBLISHED,
                    published_at=at(published), index_number=f"TEST/{next(_serial):05d}", created_by=user, **fields)
                for i, text in enumerate(attachments):
                    Attachment.objects.create(publication=pub, original_name=f"附件{i + 1}.pdf", kind="pdf", size=1,
                                              sha256="0" * 64, text=text, uploaded_by=user)
                changes.changed(Kind.PUBLICATION, pub.pk)
            return pub

        @staticmethod
        def guide(name="剧毒化学品购买许可", conditions="因科研需要购买剧毒化学品的单位。", unit="sanyuan",
                  published=date(2026, 10, 9), **fields):
            with transaction.atomic():
                g = ServiceGuide.objects.create(
                    unit=bureau[unit], body=bodies["sanyuan" if unit == "sanyuan" else "city"], name=name,
                    category=GuideCategory.objects.get(code="zhian"), legal_basis="《危险化学品安全管理条例》",
                    conditions=conditions, materials=["营业执照"], procedure="提出申请\n作出决定",
                    handling_unit="治安管理部门", place="行政服务中心", hours="工作日", phone="0598-8250160",
                    status=ServiceGuide.Status.PUBLISHED, published_at=at(published), created_by=user, **fields)
                changes.changed(Kind.GUIDE, g.pk)
            return g

        @staticmethod
        def qa(subject="电动车上牌需要什么材料", content="请问电动车上牌要带哪些材料？", reply="请携带购车发票和合格证。",
               published=date(2026, 9, 30)):
            n = next(_serial)
            with transaction.atomic():
                letter = Letter.objects.create(
                    body=bodies["city"], unit=bureau["office"], tracking_number=f"XX2026{n:06d}", kind="enquiry",
                    channel="website", topic=LetterTopic.objects.get(code="traffic"), subject=subject, content=content,
                    received_at=at(published), received_on=published, status="closed", reply_text=reply,
                    replied_on=published, consent_publish=True, published=True, published_at=at(published),
                    public_subject=subject, public_content=content, public_reply=reply)
                changes.changed(Kind.QA, letter.pk)
            return letter

        @staticmethod
        def bulletin(week=47, notable="城关派出所破获盗窃电动车案一起。", published=date(2026, 11, 23)):
            with transaction.atomic():
                b = Bulletin.objects.create(
                    body=bodies["sanyuan"], year=2026, week=week, week_start=date.fromisocalendar(2026, week, 1), criminal=1, public_order=2, traffic=3, fire=0,
                    comparison="与上周持平", notable_cases=notable, prevention_advice="请锁好车。",
                    status=Bulletin.Status.PUBLISHED, published_at=at(published), created_by=user)
                changes.changed(Kind.BULLETIN, b.pk)
            return b

        @staticmethod
        def report(year=2025, overview="本年度深入推进政务公开标准化规范化建设。", published=date(2026, 1, 20)):
            with transaction.atomic():
                report = AnnualReport.objects.create(body=bodies["city"], year=year, overview=overview)
                number = report.versions.count() + 1
                version = ReportVersion.objects.create(
                    report=report, number=number, published_at=at(published), published_by=user,
                    document={"title": f"三明市公安局{year}年政府信息公开工作年度报告", "opening": "根据条例编制。",
                              "narrative": {"一": overview, "五": "存在的问题。", "六": "无。"}},
                    pdf=b"", docx=b"", xlsx=b"", sha256="0" * 64)
                changes.changed(Kind.REPORT, version.pk)
            return version

    return Make()


@pytest.fixture
def content(make, bureau):
    """One item of each kind about 治安, two publications in different bodies, units and years."""
    items = {
        "city": make.publication(title="城区治安通告", body="city", topic="0803", published=date(2025, 5, 1)),
        "branch": make.publication(title="分局治安通告", body="sanyuan", unit=bureau["station"], topic="0801",
                                   published=date(2026, 5, 1)),
        "guide": make.guide(name="治安许可"),
        "qa": make.qa(subject="治安巡逻的时间", content="请问小区附近晚上有治安巡逻吗？"),
        "bulletin": make.bulletin(notable="城关派出所加强治安巡逻。"),
        "report": make.report(overview="全年治安形势平稳。"),
    }
    indexer.sync()
    return items


# Filters over `content` and the titles each leaves, for the page and the API alike.
FILTER_CASES = [
    ({"kind": "guide"}, ["治安许可"]),
    ({"kind": "publication", "body": "350404"}, ["分局治安通告"]),
    ({"unit": "35040401"}, ["分局治安通告"]),
    ({"kind": "publication", "year": "2025"}, ["城区治安通告"]),
    ({"topic": "0801"}, ["分局治安通告"]),
    ({"topic": "08"}, ["分局治安通告", "城区治安通告"]),
]


@pytest.fixture
def no_sync_on_commit(settings):
    settings.GONGKAI_SEARCH_SYNC_ON_COMMIT = False

