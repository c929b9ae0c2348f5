"""Notices a court would accept (issue #18, items 7–9): the regulation named in full at its first
mention, each outcome citing its own article (条例第三十六条至第三十九条), and no reply without the
reconsideration authority and court its remedy notice names (行政复议法第二十条、第二十三条, 行政诉讼法
第四十六条)."""

import io
import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from gongkai.applications import notices, outcomes, services, workflow
from gongkai.applications.models import Application, Notice, NoticeKind, NoticeTemplate, Status

FULL = "《中华人民共和国政府信息公开条例》（以下简称《条例》）"
MENTION = re.compile(r"《中华人民共和国政府信息公开条例》|《政府信息公开条例》|《条例》")


def pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def assert_named_once(paragraphs: list[str], where=""):
    """The first mention of the regulation is the full name with its short form defined; every
    later one is the short form."""
    text = "".join(paragraphs)
    mentions = [m.group(0) for m in MENTION.finditer(text)]
    assert mentions, where
    assert text[text.index(mentions[0]):].startswith(FULL), (where, text)
    assert mentions.count("《中华人民共和国政府信息公开条例》") == 1, (where, text)
    assert "《政府信息公开条例》" not in mentions, where


def short(paragraphs: list[str]) -> str:
    """The notice's text with the defined name folded back to 《条例》, to read the articles cited."""
    return "".join(paragraphs).replace(FULL, "《条例》")


def decided(app: Application, code: str) -> Application:
    """The case as the reply step leaves it for `code` (fields only; the service's checks are tested below)."""
    app.outcome = code
    app.reply_text = "见附件。" if code in ("published", "disclosed", "partial") else ""
    app.reason_text = "涉及第三方个人隐私。" if outcomes.BY_CODE[code].needs_reason else ""
    app.withheld_reasons = ["third_party", "process"] if code == "partial" else []
    app.query_law = "《中华人民共和国户口登记条例》" if code == "query" else ""
    app.stated_basis = "《中华人民共和国政府信息公开条例》第二十七条" if code == "other" else ""
    app.referral_agency, app.referral_contact = ("三明市交通运输局", "0598-8221234") if code == "not_ours" else ("", "")
    return app


# --- Item 7: the regulation by its full name ------------------------------------------------

def test_first_mention_full_later_ones_short():
    """条例 named in full, （以下简称《条例》）, then short; whatever form each paragraph used."""
    paragraphs = notices.name_regulation([
        "根据《条例》第三十三条的规定，",
        "依照《中华人民共和国政府信息公开条例》（以下简称《条例》）第三十条、《政府信息公开条例》第三十二条，",
        "并按《政府信息公开信息处理费管理办法》和《中华人民共和国行政复议法》办理。",
    ])
    assert paragraphs == [
        f"根据{FULL}第三十三条的规定，",
        "依照《条例》第三十条、《条例》第三十二条，",
        "并按《政府信息公开信息处理费管理办法》和《中华人民共和国行政复议法》办理。",
    ]
    assert notices.name_regulation(["本机关已收到您的申请。"]) == ["本机关已收到您的申请。"]


@pytest.mark.parametrize("kind", NoticeKind.values)
def test_every_notice_kind_names_the_regulation_in_full_first(kind, online):
    """No notice cites an undefined 《条例》: the first mention of each kind is the full name."""
    app, _ = online(date(2026, 11, 2))
    decided(app, "partial")
    assert_named_once(notices.compose(app, kind)[1], kind)


@pytest.mark.parametrize("code", [o.code for o in outcomes.OUTCOMES])
def test_every_reply_names_the_regulation_in_full_first(code, online):
    app, _ = online(date(2026, 11, 2))
    decided(app, code)
    assert_named_once(notices.compose(app, outcomes.BY_CODE[code].notice)[1], code)


def test_a_template_edited_by_staff_follows_the_naming_rule(online, staff):
    """The office's wording citing only 《条例》 still defines it at the first mention."""
    services.save_notice_template(actor=staff["office"], kind="receipt", title="政府信息公开申请受理回执",
                                  body="本机关于{受理日期}收到您的申请（{受理编号}）。\n"
                                       "根据《条例》第三十三条，本机关将于{答复期限}前答复。\n"
                                       "依照《中华人民共和国政府信息公开条例》第三十一条确定收到申请之日。")
    app, _ = online(date(2026, 11, 2))
    receipt = app.notices.get()
    assert receipt.paragraphs[1].startswith(f"根据{FULL}第三十三条")
    assert receipt.paragraphs[2] == "依照《条例》第三十一条确定收到申请之日。"
    assert f"根据{FULL}第三十三条" in pdf_text(bytes(receipt.pdf))


def test_the_applicants_own_words_are_quoted_as_written(online):
    app, _ = online(date(2026, 11, 2), description="依据《政府信息公开条例》申请2025年度交通事故统计数据")
    paragraphs = app.notices.get().paragraphs
    assert "您申请获取的信息为：依据《政府信息公开条例》申请2025年度交通事故统计数据" in paragraphs
    assert any(p.startswith(f"根据{FULL}第三十三条") for p in paragraphs)


# --- Item 8: each outcome cites its own basis ------------------------------------------------

@pytest.mark.parametrize("code", [o.code for o in outcomes.OUTCOMES])
def test_every_outcome_cites_its_basis_from_the_outcome_table(code, online):
    """条例第三十六条至第三十九条: the reply of each outcome cites the article outcomes.py gives it,
    never an empty one."""
    app, _ = online(date(2026, 11, 2))
    info = outcomes.BY_CODE[code]
    text = short(notices.compose(decided(app, code), info.notice)[1])
    basis = app.cited_basis
    assert basis and basis != "—"
    assert f"根据{basis.replace('《中华人民共和国政府信息公开条例》', '《条例》')}的规定" in text, text
    assert "根据—" not in text and "根据的规定" not in text
    if info.basis:
        assert info.basis.removeprefix("《条例》") in basis
    if info.exemption:
        assert info.exemption in basis
    assert app.tracking_number in text


def test_article_37_partial_cites_the_exemptions_of_what_was_withheld(online):
    """条例第三十七条 with 第十五条 and 第十六条第二款 (what was withheld), in article order, each once."""
    app, _ = online(date(2026, 11, 2))
    decided(app, "partial")
    app.withheld_reasons = ["process", "third_party", "case_file"]
    text = short(notices.compose(app, NoticeKind.PARTIAL)[1])
    assert "根据《条例》第十五条、第十六条第二款、第三十七条的规定" in text
    secret = outcomes.cited_basis(outcomes.get("partial"), withheld=["secret", "security", "internal"])
    assert secret == "《条例》第十四条、第十六条第一款、第三十七条"


def test_article_37_withheld_part_is_an_exemption_of_articles_14_to_16(online, staff):
    """条例第十四至十六条: a query matter (Art. 36(七)) is no reason for withholding part of a reply."""
    assert {o.code for o in outcomes.WITHHOLDING} == {
        "secret", "law_forbids", "security", "third_party", "internal", "process", "case_file"}
    app, _ = online(date(2026, 11, 2))
    with pytest.raises(ValidationError) as refused:
        services.decide(actor=staff["handler"], app=app, outcome="partial", reply_text="见附件。",
                        reason_text="部分属于查询事项。", withheld_reasons=["query"], on_the_spot=True)
    assert "withheld_reasons" in refused.value.message_dict


def test_article_36_7_query_names_the_law_to_proceed_under(online, staff):
    """条例第三十六条第七项: the reply tells the applicant to proceed under the named law; without
    it the step is refused in Chinese and nothing is written."""
    app, _ = online(date(2026, 11, 2))
    with pytest.raises(ValidationError) as refused:
        services.decide(actor=staff["handler"], app=app, outcome="query", reason_text="属于户籍档案查询。",
                        on_the_spot=True)
    assert "法律、行政法规" in refused.value.message_dict["query_law"][0]
    app.refresh_from_db()
    assert app.status == Status.PROCESSING and not app.outcome and app.notices.count() == 1
    services.decide(actor=staff["handler"], app=app, outcome="query", reason_text="属于户籍档案查询。",
                    query_law="中华人民共和国户口登记条例", on_the_spot=True)
    app.refresh_from_db()
    assert app.query_law == "《中华人民共和国户口登记条例》"
    reply = app.notices.get(kind=NoticeKind.REPLY)
    text = short(reply.paragraphs)
    assert "根据《条例》第三十六条第（七）项的规定" in text
    assert "请您依照《中华人民共和国户口登记条例》的规定办理" in text
    assert "请您依照《中华人民共和国户口登记条例》的规定办理" in pdf_text(bytes(reply.pdf))


def test_confirm_or_reissue_does_not_cite_article_39(online):
    """不予处理5 is not a petition or a publication (条例第三十九条): its reply cites another basis."""
    app, _ = online(date(2026, 11, 2))
    text = short(notices.compose(decided(app, "confirm"), NoticeKind.REPLY)[1])
    assert "第三十九条" not in text and "根据《条例》第二条的规定" in text


def test_other_handling_needs_a_stated_basis(online, staff):
    """其他处理3 has no article of its own: the handler states one, or no reply issues."""
    app, _ = online(date(2026, 11, 2))
    with pytest.raises(ValidationError) as refused:
        services.decide(actor=staff["handler"], app=app, outcome="other", reply_text="申请人已撤回申请。",
                        on_the_spot=True)
    assert "依据" in refused.value.message_dict["stated_basis"][0]
    services.decide(actor=staff["handler"], app=app, outcome="other", reply_text="申请人已撤回申请。",
                    stated_basis="《中华人民共和国政府信息公开条例》第二十七条", on_the_spot=True)
    reply = app.notices.get(kind=NoticeKind.REPLY)
    assert f"经审查，根据{FULL}第二十七条的规定" in "".join(reply.paragraphs)


def test_the_pdf_of_a_partial_reply_cites_articles_15_and_37(online, staff):
    """One reply through the existing path (decide → issue → PDF): 条例第十五条、第三十七条."""
    app, _ = online(date(2026, 11, 2))
    services.decide(actor=staff["handler"], app=app, outcome="partial", reply_text="见附件。",
                    reason_text="涉及第三方个人隐私。", withheld_reasons=["third_party"], on_the_spot=True)
    text = pdf_text(bytes(app.notices.get(kind=NoticeKind.PARTIAL).pdf))
    assert f"根据{FULL}第十五条、第三十七条的规定" in text


def test_a_reply_template_without_its_basis_is_refused(online, staff):
    """A reply states its basis (regulation.md §4): the office cannot save wording without {依据},
    and wording stored before this rule issues nothing."""
    with pytest.raises(ValidationError, match="依据"):
        services.save_notice_template(actor=staff["office"], kind="refused", title="政府信息不予公开告知书",
                                      body="经审查，{理由}本机关决定不予公开。")
    services.save_notice_template(actor=staff["office"], kind="receipt", title="受理回执",
                                  body="本机关于{受理日期}收到您的申请。")
    app, _ = online(date(2026, 11, 2))
    NoticeTemplate.objects.create(kind=NoticeKind.REFUSED, title="政府信息不予公开告知书",
                                  body="经审查，{理由}本机关决定不予公开。")
    before = Notice.objects.count()
    with pytest.raises(ValidationError, match="依据"):
        services.decide(actor=staff["handler"], app=app, outcome="secret", reason_text="属于国家秘密。",
                        on_the_spot=True)
    assert Notice.objects.count() == before
    assert Application.objects.get(pk=app.pk).status == Status.PROCESSING


# --- Item 9: no placeholder authority --------------------------------------------------------

def _unset(body, field):
    setattr(body, field, "")
    body.save()


@pytest.mark.parametrize("field, label", workflow.REMEDY_SETTINGS)
def test_no_reply_without_the_remedy_settings(field, label, online, staff, city_body, settings):
    """行政复议法第二十条、第二十三条 and 行政诉讼法第四十六条: a reply names the authority and the
    court; a body without either cannot reply, and the step says which setting and where."""
    settings.GONGKAI_REPLY_APPROVAL = False
    app, _ = online(date(2026, 11, 2))
    _unset(city_body, field)
    app = Application.objects.get(pk=app.pk)
    reason = workflow.refusal("decide", app, actor=staff["handler"])
    assert label in reason and "公开主体设置" in reason and "单位与公开主体" in reason
    offer = next(o for o in workflow.offers(app, staff["handler"]) if o.step.name == "decide")
    assert offer.reason == reason
    with pytest.raises(ValidationError, match=label):
        services.decide(actor=staff["handler"], app=app, outcome="disclosed", reply_text="见附件。")
    app.refresh_from_db()
    assert app.status == Status.PROCESSING and not app.outcome and app.notices.count() == 1


def test_on_the_spot_reply_and_approval_are_refused_without_the_authority(online, staff, city_body):
    """With approval configured the handler may draft, but neither an on-the-spot reply nor the
    approval issues a letter naming no reconsideration authority (行政复议法第二十条)."""
    app, _ = online(date(2026, 11, 2))
    _unset(city_body, "reconsideration_authority")
    app = Application.objects.get(pk=app.pk)
    with pytest.raises(ValidationError) as refused:
        services.decide(actor=staff["handler"], app=app, outcome="disclosed", reply_text="见附件。", on_the_spot=True)
    assert "行政复议机关" in refused.value.message_dict["on_the_spot"][0]
    app.refresh_from_db()
    assert app.status == Status.PROCESSING and app.notices.count() == 1
    services.decide(actor=staff["handler"], app=app, outcome="disclosed", reply_text="见附件。")
    assert app.status == Status.APPROVAL
    assert "行政复议机关" in workflow.refusal("approve_reply", app, actor=staff["leader"])
    assert workflow.refusal("return_reply", app, actor=staff["leader"]) == ""
    with pytest.raises(ValidationError, match="行政复议机关"):
        services.approve_reply(actor=staff["leader"], app=app)
    assert Application.objects.get(pk=app.pk).status == Status.APPROVAL
    with pytest.raises(ValidationError, match="行政复议机关"):
        notices.remedy_paragraph(app)
    city_body.reconsideration_authority = "三明市人民政府"
    city_body.save()
    app = Application.objects.get(pk=app.pk)
    notice = services.approve_reply(actor=staff["leader"], app=app)
    assert any("向三明市人民政府申请行政复议" in p for p in notice.paragraphs)
    assert not any("本级人民政府" in p or "有管辖权的人民法院" in p for p in notice.paragraphs)


def test_a_lapsed_case_is_not_closed_with_a_placeholder_court(online, staff, city_body, pin_today):
    """条例第三十条's closing letter is a reply too: the daily job leaves it to staff, and the
    page says why (行政诉讼法第四十六条)."""
    app, _ = online(date(2026, 11, 2))
    pin_today(date(2026, 11, 3))
    services.request_supplement(actor=staff["handler"], app=app, items="请写明所需信息的名称。", on=date(2026, 11, 3))
    _unset(city_body, "litigation_court")
    app = Application.objects.get(pk=app.pk)
    assert app.supplement_due_on < date(2026, 12, 31)
    pin_today(date(2026, 12, 31))
    assert "行政诉讼管辖法院" in workflow.refusal("close_lapsed", app, actor=staff["handler"], on=date(2026, 12, 31))
    assert services.daily(on=date(2026, 12, 31))["closed"] == 0
    assert Application.objects.get(pk=app.pk).status == Status.SUPPLEMENT
