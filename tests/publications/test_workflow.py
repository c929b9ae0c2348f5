"""Review before publication (regulation.md §2: 先审查、后公开, 一事一审, 谁公开谁审查),
the disclosure attribute at the source (Art. 14–16), index numbers, deadlines (Art. 26),
correction and withdrawal."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.core import services as core_services
from gongkai.core.models import AuditEvent
from gongkai.publications import services
from gongkai.publications.models import CatalogTopic, Publication, PublicationVersion, ReviewRecord
from gongkai.publications.selectors import public_publications, review_queue

from .conftest import run_chain

P = Publication


def test_draft_belongs_to_the_units_disclosure_body(draft, bureau):
    pub = draft()
    assert pub.body == bureau["sanyuan"].body  # a station publishes through its 分局
    assert pub.status == P.Status.DRAFT and pub.index_number is None
    assert [c.code for c in pub.channels.all()] == ["website"]


def test_full_chain_publishes_with_index_number(draft, team):
    pub = run_chain(draft(), team)
    assert pub.status == P.Status.PUBLISHED and pub.published_at
    year = pub.published_at.year
    # Default pattern: 9-character organisation code (chars 9–17 of the credit code) / year-serial.
    assert pub.index_number == f"003614586/{year}-00001"
    steps = list(pub.reviews.values_list("step", "decision", "actor__username"))
    assert steps == [("", "submit", "drafter"), ("unit_review", "approve", "reviewer"),
                     ("confidentiality", "approve", "censor"), ("sign_off", "approve", "leader")]
    assert pub in public_publications()


def test_index_numbers_are_per_body_and_never_repeat(draft, team, bureau, topic, make_user):
    first = run_chain(draft(), team)
    second = run_chain(draft(title="第二条"), team)
    assert first.index_number.endswith("-00001") and second.index_number.endswith("-00002")
    # The city bureau has its own sequence.
    office = team["office"]
    city_item = services.create_draft(actor=office, unit=bureau["office"], title="市局通知", created_on=date(2026, 11, 2),
                                      topic=CatalogTopic.objects.get(code="13"))
    services.submit_for_review(actor=office, publication=city_item)
    other_office = make_user("office", "office", username="office2")
    services.approve(actor=other_office, publication=city_item)
    services.approve(actor=make_user("reviewer", "city", username="cityrev"), publication=city_item)
    city_item.refresh_from_db()
    assert city_item.index_number.startswith("003614578/") and city_item.index_number.endswith("-00001")


def test_topic_chain_can_skip_sign_off(draft, team):
    pub = draft(topic=CatalogTopic.objects.get(code="13"))  # 工作动态: unit review + confidentiality
    pub = run_chain(pub, team)
    assert pub.status == P.Status.PUBLISHED
    assert "sign_off" not in pub.reviews.values_list("step", flat=True)


def test_confidentiality_review_cannot_be_skipped(team):
    with pytest.raises(ValidationError, match="保密审查不能省略"):
        services.save_topic(actor=team["office"], name="快讯", code="99", review_steps=["unit_review"])


def test_rejection_returns_with_reason(draft, team):
    pub = draft()
    services.submit_for_review(actor=team["drafter"], publication=pub)
    with pytest.raises(ValidationError, match="理由"):
        services.reject(actor=team["reviewer"], publication=pub, opinion="  ")
    services.reject(actor=team["reviewer"], publication=pub, opinion="请补充施行日期")
    pub.refresh_from_db()
    assert pub.status == P.Status.RETURNED and pub.current_step == ""
    assert pub.reviews.last().opinion == "请补充施行日期"
    services.update_draft(actor=team["drafter"], publication=pub, body_text=pub.body_text + "施行日期：2026年12月1日。")
    services.submit_for_review(actor=team["drafter"], publication=pub)
    pub.refresh_from_db()
    assert pub.current_step == "unit_review"


def test_each_step_needs_its_capability_in_scope(draft, team):
    pub = draft()
    services.submit_for_review(actor=team["drafter"], publication=pub)
    with pytest.raises(PermissionDenied):  # a reviewer of another branch (谁公开、谁审查)
        services.approve(actor=team["outsider"], publication=pub)
    with pytest.raises(PermissionDenied):  # a leader cannot take the unit review step
        services.approve(actor=team["leader"], publication=pub)


def test_drafter_cannot_review_own_item(draft, team, make_user, bureau):
    office = team["office"]
    pub = services.create_draft(actor=office, unit=bureau["station"], title="x", created_on=date(2026, 11, 2),
                                topic=CatalogTopic.objects.get(code="13"))
    services.submit_for_review(actor=office, publication=pub)
    with pytest.raises(ValidationError, match="四眼原则：不能审核本人起草或提交的信息"):
        services.approve(actor=office, publication=pub)


def test_review_queue_lists_per_step_and_scope(draft, team):
    pub = draft()
    services.submit_for_review(actor=team["drafter"], publication=pub)
    assert review_queue(team["reviewer"]) == [pub]
    assert review_queue(team["leader"]) == []
    assert review_queue(team["outsider"]) == []
    assert review_queue(team["drafter"]) == []


def test_attribute_other_than_proactive_needs_article_and_reason(draft, team):
    with pytest.raises(ValidationError) as err:
        draft(attribute=P.Attribute.NOT_PUBLIC)
    assert "attribute_basis" in err.value.error_dict and "attribute_reason" in err.value.error_dict
    pub = draft(attribute=P.Attribute.NOT_PUBLIC, attribute_basis=P.AttributeBasis.ART16_PROCESS,
                attribute_reason="内部讨论稿，属过程性信息")
    assert pub.status == P.Status.NOT_PUBLIC
    assert pub.next_reevaluation_on == date(2027, 11, 2)  # 12 months later
    with pytest.raises(ValidationError, match="主动公开"):
        services.submit_for_review(actor=team["drafter"], publication=pub)


def test_reevaluation_can_open_an_item(draft, team):
    pub = draft(attribute=P.Attribute.ON_APPLICATION, attribute_basis=P.AttributeBasis.NOT_CONCERNING_PUBLIC,
                attribute_reason="仅涉及特定对象")
    with pytest.raises(ValidationError, match="理由"):
        services.reevaluate(actor=team["office"], publication=pub, decision="open", reason="")
    services.reevaluate(actor=team["office"], publication=pub, decision="keep", reason="情况未变")
    pub.refresh_from_db()
    assert pub.status == P.Status.NOT_PUBLIC and pub.next_reevaluation_on > date(2027, 1, 1)
    services.reevaluate(actor=team["office"], publication=pub, decision="open", reason="已无不公开理由")
    pub.refresh_from_db()
    assert pub.status == P.Status.DRAFT and pub.attribute == P.Attribute.PROACTIVE
    assert list(pub.reevaluations.values_list("decision", flat=True)) == ["open", "keep"]


def test_sealed_public_order_penalties_are_refused(draft):
    # 治安管理处罚法 (2026) Art. 136: records are sealed, not published item by item.
    with pytest.raises(ValidationError, match="第一百三十六条"):
        draft(topic=CatalogTopic.objects.get(code="0603"))


def test_art26_deadline_is_20_working_days(draft):
    pub = draft(created_on=date(2026, 9, 28))
    assert (pub.publish_due_on, pub.publish_due_provisional) == (date(2026, 10, 30), False)


def test_licence_results_due_in_7_working_days(draft):
    # 国办发〔2018〕118号: licence and penalty decisions within 7 working days.
    pub = draft(topic=CatalogTopic.objects.get(code="0502"), created_on=date(2026, 9, 28))
    assert pub.publish_due_on == date(2026, 10, 13)  # 10/10 is a make-up Saturday


def test_interpretation_due_3_working_days_after_policy(draft, team):
    policy = run_chain(draft(title="三明市机动车停放管理办法", legal_form=P.LegalForm.NORMATIVE), team)
    interpretation = draft(title="《三明市机动车停放管理办法》解读", topic=CatalogTopic.objects.get(code="03"),
                           interprets=policy)
    from django.utils import timezone

    from gongkai.core.calendar import add_working_days

    assert interpretation.publish_due_on == add_working_days(timezone.localdate(policy.published_at), 3).date
    assert list(policy.interpretations.all()) == [interpretation]


def test_deadline_in_unheld_year_is_provisional_and_recomputed(draft, make_user):
    from gongkai.core.workdays import parse_arrangement

    pub = draft(created_on=date(2026, 12, 24))
    # 1 Jan 2027 (元旦, 《全国年节及纪念日放假办法》) is left out before the arrangement is entered.
    assert pub.publish_due_provisional and pub.publish_due_on == date(2027, 1, 22)
    core_services.enter_calendar_year(actor=make_user("admin", username="calendar_admin"), region="CN", year=2027,
                                      source="国办发明电", days=parse_arrangement("2027-01-01 休 元旦", 2027))
    pub.refresh_from_db()
    assert not pub.publish_due_provisional and pub.publish_due_on == date(2027, 1, 22)


def test_correction_keeps_old_version_and_shows_note(draft, team):
    pub = run_chain(draft(), team)
    with pytest.raises(PermissionDenied):
        services.correct(actor=team["drafter"], publication=pub, note="x", title="新标题")
    services.correct(actor=team["office"], publication=pub, note="更正施行日期", body_text="自2026年12月8日起实行单向通行。")
    pub.refresh_from_db()
    assert pub.version == 2 and pub.correction_note == "更正施行日期"
    old = PublicationVersion.objects.get(publication=pub)
    assert old.version == 1 and "12月1日" in old.snapshot["body_text"]
    assert pub.index_number.endswith("-00001")  # the index number never changes


def test_withdrawal_needs_reason_and_leaves_public_paths(draft, team):
    pub = run_chain(draft(), team)
    with pytest.raises(ValidationError, match="理由"):
        services.withdraw(actor=team["office"], publication=pub, reason="")
    services.withdraw(actor=team["office"], publication=pub, reason="决定已被撤销（行政处罚法第四十八条）")
    pub.refresh_from_db()
    assert pub.status == P.Status.WITHDRAWN and pub not in public_publications()
    assert AuditEvent.objects.filter(action="publication.withdraw", object_id=str(pub.pk)).exists()


def test_every_step_is_audited(draft, team):
    pub = run_chain(draft(), team)
    actions = list(AuditEvent.objects.filter(object_type="publications.publication", object_id=str(pub.pk))
                   .order_by("seq").values_list("action", flat=True))
    assert actions == ["publication.create", "publication.submit_for_review", "publication.approve",
                       "publication.approve", "publication.approve", "publication.publish"]
    assert ReviewRecord.objects.filter(publication=pub).count() == 4


def test_repealed_document_needs_repeal_date(draft):
    with pytest.raises(ValidationError, match="废止日期"):
        draft(legal_form=P.LegalForm.NORMATIVE, validity=P.Validity.REPEALED)


def test_hidden_spreadsheet_content_blocks_publication_until_acknowledged(draft, team):
    # privacy-lessons.md: spreadsheets published with hidden sheets leaked personal data elsewhere.
    from io import BytesIO

    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "统计"
    book.active["A1"] = "辖区警情"
    secret = book.create_sheet("原始数据")
    secret["A1"] = "报警人"
    secret.sheet_state = "hidden"
    out = BytesIO()
    book.save(out)
    pub = draft()
    services.add_attachment(actor=team["drafter"], publication=pub, name="警情统计.xlsx", data=out.getvalue())
    services.submit_for_review(actor=team["drafter"], publication=pub)
    hidden = pub.findings.get(kind="hidden", text__contains="原始数据")
    with pytest.raises(ValidationError, match="附件"):
        services.redact_finding(actor=team["reviewer"], finding=hidden)
    for reviewer in ("reviewer", "censor"):
        services.approve(actor=team[reviewer], publication=pub)
    with pytest.raises(ValidationError, match="敏感信息未处理"):
        services.approve(actor=team["leader"], publication=pub)
    for finding in pub.findings.filter(state="open"):
        services.acknowledge_finding(actor=team["reviewer"], finding=finding, reason="已核对隐藏内容，无个人信息")
    services.approve(actor=team["leader"], publication=pub)
    pub.refresh_from_db()
    assert pub.status == P.Status.PUBLISHED


def test_redaction_applies_to_every_field_of_the_item(draft, team):
    mobile = "13805981234"
    pub = draft(title=f"联系人手机 {mobile}", body_text=f"咨询请拨打 {mobile}。")
    services.submit_for_review(actor=team["drafter"], publication=pub)
    finding = pub.findings.get(source="body_text", kind="mobile")
    services.redact_finding(actor=team["reviewer"], finding=finding)
    pub.refresh_from_db()
    assert mobile not in pub.title and mobile not in pub.body_text
    assert not pub.findings.filter(state="open", kind="mobile").exists()


def test_interpretation_drafted_early_gets_3_days_once_policy_is_published(draft, team):
    policy = draft(title="停车管理办法", legal_form=P.LegalForm.NORMATIVE)
    interpretation = draft(title="停车管理办法解读", topic=CatalogTopic.objects.get(code="03"), interprets=policy)
    assert interpretation.publish_due_on == date(2026, 11, 30)  # 20 working days from 2026-11-02
    policy = run_chain(policy, team)
    interpretation.refresh_from_db()
    from django.utils import timezone

    from gongkai.core.calendar import add_working_days

    assert interpretation.publish_due_on == add_working_days(timezone.localdate(policy.published_at), 3).date


def test_drafter_cannot_acknowledge_own_findings(bureau, make_user):
    from gongkai.core.models import Role

    dual = make_user("reviewer", "sanyuan", username="dual")  # a reviewer who also drafts
    dual.roles.add(Role.objects.get(code="handler"))
    dual = type(dual).objects.get(pk=dual.pk)
    pub = services.create_draft(actor=dual, unit=bureau["station"], title="x", created_on=date(2026, 11, 2),
                                topic=CatalogTopic.objects.get(code="13"), body_text="手机 13805981234")
    services.submit_for_review(actor=dual, publication=pub)
    with pytest.raises(PermissionDenied, match="起草人"):
        services.acknowledge_finding(actor=dual, finding=pub.findings.get(), reason="单位电话")


def test_chain_edited_while_item_waits(draft, team):
    topic = CatalogTopic.objects.get(code="0803")
    pub = draft(topic=topic)
    services.submit_for_review(actor=team["drafter"], publication=pub)
    services.approve(actor=team["reviewer"], publication=pub)  # now at confidentiality
    services.save_topic(actor=team["office"], topic=topic, name=topic.name, code=topic.code, parent=topic.parent,
                        review_steps=["unit_review", "sign_off"] + ["confidentiality"])  # unchanged set, reordered input
    services.approve(actor=team["censor"], publication=pub)
    pub.refresh_from_db()
    assert pub.current_step == "sign_off"


def test_hole_12_findings_block_publication_until_redacted_or_acknowledged(draft, team):
    """Issue #16, hole 12: a labelled ID number with a wrong check digit, a mobile in Chinese
    numerals and a 工作秘密 mark in an attachment are findings like any other."""
    from io import BytesIO

    import docx

    from gongkai.core.scanner import KINDS
    from gongkai.publications.models import Finding

    # Stored whole: PostgreSQL refuses a kind longer than the column.
    assert Finding._meta.get_field("kind").max_length >= max(len(k) for k in [*KINDS, "hidden"])
    bad_id = "350402199003071231"  # check character should be 0
    pub = draft(body_text=f"当事人身份证号码：{bad_id}，手机一三九〇五九八一二三四。另，订单号 {bad_id[:-1]}5 已核销。")
    document = docx.Document()
    document.add_paragraph("附件标注：工作秘密")
    document.add_paragraph("正文")
    out = BytesIO()
    document.save(out)
    services.add_attachment(actor=team["drafter"], publication=pub, name="附件.docx", data=out.getvalue())
    services.submit_for_review(actor=team["drafter"], publication=pub)
    assert sorted((f.source.split(":")[0], f.kind, f.text) for f in pub.findings.all()) == [
        ("attachment", "secrecy_mark", "工作秘密"),
        ("body_text", "id_number_unverified", bad_id),
        ("body_text", "mobile", "一三九〇五九八一二三四"),
    ]
    for reviewer in ("reviewer", "censor"):
        services.approve(actor=team[reviewer], publication=pub)
    with pytest.raises(ValidationError, match="敏感信息未处理"):
        services.approve(actor=team["leader"], publication=pub)
    services.redact_finding(actor=team["reviewer"], finding=pub.findings.get(kind="id_number_unverified"))
    services.redact_finding(actor=team["reviewer"], finding=pub.findings.get(kind="mobile"))
    with pytest.raises(ValidationError, match="敏感信息未处理"):
        services.approve(actor=team["leader"], publication=pub)
    services.acknowledge_finding(actor=team["reviewer"], finding=pub.findings.get(kind="secrecy_mark"),
                                 reason="标注已解除，经保密审查可以公开")
    services.approve(actor=team["leader"], publication=pub)
    pub.refresh_from_db()
    assert pub.status == P.Status.PUBLISHED
    assert bad_id not in pub.body_text and "一三九〇五九八一二三四" not in pub.body_text
    assert f"{bad_id[:-1]}5" in pub.body_text  # the order number, no label: left alone
