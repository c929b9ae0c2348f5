"""Notices (regulation.md §4): the wording of each kind, filled from the case, rendered once as PDF
and DOCX (gongkai.documents), numbered from the body's yearly sequence and hashed.

Administrators edit the wording (NoticeTemplate); what is not edited comes from DEFAULTS below.
Placeholders are `{名称}`; only the names in PLACEHOLDERS exist, so a typo is caught when the
template is saved, not when a letter goes out. Applicant text is substituted as plain text and
the renderer never interprets it as markup."""

import hashlib
import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.core.services import next_sequence_value
from gongkai.documents import NoticeDocument, render_docx, render_pdf
from gongkai.documents.signing import sign_pdf

from .models import Application, Notice, NoticeKind, NoticeTemplate
from .workflow import remedy_unset

PLACEHOLDERS = {
    "申请人": "申请人姓名或名称",
    "受理编号": "受理编号",
    "提交日期": "申请提交（收到）日期",
    "受理日期": "依《条例》第三十一条确定的收到申请之日",
    "申请内容": "申请公开的信息内容描述",
    "答复期限": "当前答复期限（暂定时注明）",
    "答复内容": "经办人填写的答复内容",
    "依据": "办理结果所依据的条款（部分公开时含不予公开部分的条款）",
    "理由": "经办人填写的理由说明",
    "补正事项": "需要补正的全部事项",
    "补正期限": "补正期限",
    "补正后答复期限": "收到补正后答复期限如何计算（逾期发出的补正通知不重新计算）",
    "延长天数": "延长的工作日数",
    "延期理由": "延期理由",
    "征询对象": "第三方或其他机关名称",
    "征询事项": "征求意见的事项",
    "征询期限": "提出意见的期限",
    "公开理由": "第三方不同意公开而本机关决定公开的理由（条例第三十二条）",
    "收费金额": "信息处理费金额（元）",
    "收费明细": "计费方式与分档明细",
    "缴费期限": "缴费期限说明",
    "负责机关": "负责公开该信息的机关",
    "负责机关联系方式": "该机关的联系方式",
    "此前申请": "此前申请的受理编号与答复日期",
    "查询码": "查询码（仅回执）",
    "机关": "本机关名称",
    "联系电话": "本机关咨询电话",
    "办公地址": "本机关办公地址",
}

DEFAULTS: dict[str, tuple[str, list[str]]] = {
    NoticeKind.RECEIPT: ("政府信息公开申请受理回执", [
        "本机关于{受理日期}收到您提交的政府信息公开申请，受理编号为{受理编号}。",
        "您申请获取的信息为：{申请内容}",
        "根据《中华人民共和国政府信息公开条例》第三十三条的规定，本机关将在收到申请之日起20个工作日内（即{答复期限}前）予以答复；"
        "需要延长答复期限的，将另行书面告知。",
        "您可以凭受理编号和查询码（{查询码}）在本机关门户网站查询办理进度、下载答复文书。查询码请妥善保管。",
        "联系电话：{联系电话}；办公地址：{办公地址}。",
    ]),
    NoticeKind.SUPPLEMENT: ("政府信息公开申请补正通知书", [
        "本机关于{受理日期}收到您的政府信息公开申请（受理编号{受理编号}），申请内容为：{申请内容}",
        "经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，请您对以下事项一并作出补正：",
        "{补正事项}",
        "请于{补正期限}前提交补正材料。{补正后答复期限}"
        "无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。",
    ]),
    NoticeKind.EXTENSION: ("政府信息公开申请延期答复告知书", [
        "本机关于{受理日期}收到您的政府信息公开申请（受理编号{受理编号}），申请内容为：{申请内容}",
        "因{延期理由}，不能在规定期限内作出答复。根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，"
        "经政府信息公开工作机构负责人同意，答复期限延长{延长天数}个工作日，本机关将于{答复期限}前作出答复。",
    ]),
    NoticeKind.CONSULTATION: ("政府信息公开第三方意见征询书", [
        "本机关收到一份政府信息公开申请（受理编号{受理编号}），申请公开的信息可能涉及贵方合法权益。",
        "征询事项：{征询事项}",
        "根据《中华人民共和国政府信息公开条例》第三十二条的规定，请自收到本征询书之日起15个工作日内"
        "提出是否同意公开的意见及理由。第三方逾期未提出意见的，由本机关依照《条例》的规定决定是否公开；"
        "其他机关逾期未提出意见的，视为同意公开。",
    ]),
    NoticeKind.FEE: ("政府信息公开信息处理费收费通知书", [
        "本机关于{受理日期}收到您的政府信息公开申请（受理编号{受理编号}），申请内容为：{申请内容}",
        "根据《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》的规定，"
        "您的申请数量、频次明显超过合理范围，本机关依法收取信息处理费，计{收费金额}元。计费明细：{收费明细}。",
        "请您{缴费期限}。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"
        "自发出本通知至收到缴费的期间，不计算在答复期限内。",
    ]),
    NoticeKind.REASONS: ("政府信息公开申请说明理由通知书", [
        "本机关于{受理日期}收到您的政府信息公开申请（受理编号{受理编号}），申请内容为：{申请内容}",
        "经审查，您申请公开政府信息的数量、频次明显超过合理范围。根据《中华人民共和国政府信息公开条例》第三十五条的规定，"
        "请您说明理由。理由不合理的，本机关不予处理；理由合理，但无法在规定期限内答复的，本机关将确定延迟答复的合理期限并告知您。",
    ]),
    NoticeKind.DISCLOSED: ("政府信息公开告知书", [
        "本机关于{受理日期}收到您的政府信息公开申请（受理编号{受理编号}），申请内容为：{申请内容}",
        "经审查，根据{依据}的规定，现答复如下：",
        "{答复内容}",
    ]),
    NoticeKind.PARTIAL: ("政府信息部分公开告知书", [
        "本机关于{受理日期}收到您的政府信息公开申请（受理编号{受理编号}），申请内容为：{申请内容}",
        "经审查，您申请的信息中含有不应当公开的内容，但能够作区分处理。根据{依据}的规定，本机关向您提供可以公开的部分：",
        "{答复内容}",
        "不予公开部分的理由：{理由}",
    ]),
    NoticeKind.REFUSED: ("政府信息不予公开告知书", [
        "本机关于{受理日期}收到您的政府信息公开申请（受理编号{受理编号}），申请内容为：{申请内容}",
        "经审查，{理由}根据{依据}的规定，本机关决定不予公开。",
    ]),
    NoticeKind.NOT_EXIST: ("政府信息不存在告知书", [
        "本机关于{受理日期}收到您的政府信息公开申请（受理编号{受理编号}），申请内容为：{申请内容}",
        "经检索，{答复内容}本机关没有制作或者获取您所申请公开的信息。根据{依据}的规定，特此告知。",
    ]),
    NoticeKind.NOT_OURS: ("非本机关政府信息告知书", [
        "本机关于{受理日期}收到您的政府信息公开申请（受理编号{受理编号}），申请内容为：{申请内容}",
        "经审查，您申请的信息不属于本机关负责公开。根据{依据}的规定，该信息由{负责机关}负责公开，"
        "联系方式：{负责机关联系方式}。您可以向该机关提出申请。",
    ]),
    NoticeKind.REPEAT: ("不予重复处理告知书", [
        "本机关于{受理日期}收到您的政府信息公开申请（受理编号{受理编号}），申请内容为：{申请内容}",
        "经审查，您此前已就相同政府信息提出申请（{此前申请}），本机关已依法作出答复。"
        "根据{依据}的规定，本机关不予重复处理。",
    ]),
    NoticeKind.NOT_APPLICATION: ("不作为政府信息公开申请处理告知书", [
        "本机关于{受理日期}收到您提交的材料（受理编号{受理编号}），内容为：{申请内容}",
        "经审查，{答复内容}根据{依据}的规定，本机关不作为政府信息公开申请处理。{理由}",
    ]),
    NoticeKind.OVERRIDE: ("政府信息公开决定告知书", [
        "本机关收到一份政府信息公开申请（受理编号{受理编号}），并就申请公开的信息是否公开征求了贵方意见（征询事项：{征询事项}），"
        "贵方不同意公开。",
        "经审查，本机关认为不公开可能对公共利益造成重大影响：{公开理由}根据《中华人民共和国政府信息公开条例》第三十二条的规定，"
        "本机关决定予以公开。决定公开的政府信息内容如下：",
        "{答复内容}",
    ]),
    NoticeKind.REPLY: ("政府信息公开申请答复书", [
        "本机关于{受理日期}收到您的政府信息公开申请（受理编号{受理编号}），申请内容为：{申请内容}",
        "经审查，根据{依据}的规定，现答复如下：{答复内容}",
        "{理由}",
    ]),
}

# Notices that are a reply carry the remedy notice (regulation.md §3, "remedy notice").
REPLY_KINDS = {NoticeKind.DISCLOSED, NoticeKind.PARTIAL, NoticeKind.REFUSED, NoticeKind.NOT_EXIST,
               NoticeKind.NOT_OURS, NoticeKind.REPEAT, NoticeKind.NOT_APPLICATION, NoticeKind.REPLY}
# Decisions the third party may itself challenge: they too carry the remedy notice.
REMEDY_KINDS = REPLY_KINDS | {NoticeKind.OVERRIDE}

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# Characters a Word file cannot hold (python-docx refuses them); typed or sent through the API.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def printable(text: str) -> str:
    return _UNPRINTABLE.sub("", text)


def cn_date(day: date | None) -> str:
    """2026年1月5日: Arabic digits, no leading zeros (GB/T 9704)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


# The regulation is named in full at its first mention and 《条例》 after (GB/T 9704 practice for a
# short title): whatever form a template, a basis or a typed text uses, `name_regulation` settles it.
REGULATION = "《中华人民共和国政府信息公开条例》"
SHORT = "《条例》"
_REGULATION = re.compile(r"《(?:中华人民共和国)?政府信息公开条例》(?:[（(]以下简称[《“]条例[》”][）)])?|《条例》")


def name_regulation(paragraphs: list[str]) -> list[str]:
    """The paragraphs of one notice, the regulation's first mention in full followed by
    （以下简称《条例》）, every later one short, so no notice cites an undefined 《条例》."""
    out, named = [], False
    for paragraph in paragraphs:
        def name(match: re.Match) -> str:
            nonlocal named
            if named:
                return SHORT
            named = True
            return f"{REGULATION}（以下简称{SHORT}）"
        out.append(_REGULATION.sub(name, paragraph))
    return out


def check_template(body: str, kind: str = "") -> None:
    unknown = sorted({m for m in _PLACEHOLDER.findall(body) if m not in PLACEHOLDERS})
    if unknown:
        raise ValidationError("模板中有无法识别的占位符：" + "、".join("{" + u + "}" for u in unknown))
    if body.count("{") != body.count("}"):
        raise ValidationError("模板中的花括号不成对")
    if kind in REPLY_KINDS and "{依据}" not in body:
        raise ValidationError("答复类文书须写明办理结果所依据的条款：模板中须包含{依据}")


def fill(line: str, values: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), ""), line)


def wording(kind: str) -> tuple[str, list[str]]:
    row = NoticeTemplate.objects.filter(kind=kind).first()
    if row:
        return row.title, [line for line in row.body.splitlines() if line.strip()]
    title, lines = DEFAULTS[kind]
    return title, list(lines)


def remedy_paragraph(app: Application, kind: str = "") -> str:
    # The reply steps refuse first (workflow.remedy_unset); this keeps any other path from a
    # letter that names no authority.
    missing = remedy_unset(app)
    if missing:
        raise ValidationError(missing)
    body = app.body
    authority, court = body.reconsideration_authority.strip(), body.litigation_court.strip()
    if kind == NoticeKind.OVERRIDE:
        # The third party challenges the decision to disclose (Art. 32), not a reply to it.
        return (f"如对本决定不服，可以自知道该行政行为之日起六十日内向{authority}申请行政复议，"
                f"或者自知道该行政行为之日起六个月内向{court}提起行政诉讼。")
    outcome = app.outcome_info
    if outcome and outcome.is_refusal:
        # 行政复议法（2023年修订）第二十三条: a refusal to disclose goes to reconsideration first.
        return (f"如对本答复不服，可以自知道该行政行为之日起六十日内向{authority}申请行政复议。"
                "根据《中华人民共和国行政复议法》第二十三条的规定，对不予公开政府信息不服的，应当先申请行政复议；"
                f"对行政复议决定不服的，可以依法向{court}提起行政诉讼。")
    return (f"如对本答复不服，可以自知道该行政行为之日起六十日内向{authority}申请行政复议，"
            f"或者自知道该行政行为之日起六个月内向{court}提起行政诉讼。")


def reply_content(app: Application) -> str:
    """The reply's substance; for a query matter (Art. 36(七)) it opens by telling the applicant
    under which law or regulation to proceed."""
    text = app.reply_text.strip()
    outcome = app.outcome_info
    if outcome and outcome.names_query_law and app.query_law:
        direction = (f"您申请获取的信息属于行政查询事项，{app.query_law}对该信息的获取有特别规定，"
                     f"请您依照{app.query_law}的规定办理。")
        return direction + ("\n" + text if text else "")
    return text


def due_text(app: Application) -> str:
    if not app.due_on:
        return ""
    return cn_date(app.due_on) + ("（暂定）" if app.due_provisional else "")


def values_for(app: Application, **extra: str) -> dict[str, str]:
    body = app.body
    values = {
        "申请人": app.name,
        "受理编号": app.tracking_number,
        "提交日期": cn_date(timezone.localdate(app.submitted_at)) if app.submitted_at else "",
        "受理日期": cn_date(app.received_on),
        "申请内容": app.description.strip() + (f"（{app.document_number}）" if app.document_number else ""),
        "答复期限": due_text(app),
        "公开理由": app.public_interest_reason.strip(),
        "答复内容": reply_content(app),
        "依据": app.cited_basis,
        "理由": app.reason_text.strip(),
        "补正事项": app.supplement_items.strip(),
        "补正期限": cn_date(app.supplement_due_on),
        "补正后答复期限": ("本机关未在收到申请之日起7个工作日内发出本通知，答复期限不重新计算："
                           "自本通知发出之日至收到补正之日暂停计算，收到补正后继续计算。"
                           if app.supplement_late else "答复期限自本机关收到补正后的申请之日起重新计算。"),
        "延长天数": str(app.extension_days or ""),
        "延期理由": app.extension_reason.strip().rstrip("。"),
        "收费金额": str(app.fee_amount),
        "负责机关": app.referral_agency,
        "负责机关联系方式": app.referral_contact,
        "此前申请": (f"受理编号{app.earlier.tracking_number}，{cn_date(app.earlier.decided_on)}答复"
                     if app.earlier_id else ""),
        "机关": body.letter_name,
        "联系电话": body.phone,
        "办公地址": body.address,
    }
    values.update(extra)
    return values


# The applicant's own words are quoted as written: the regulation's naming does not reach into them.
APPLICANT_TEXT = ("申请人", "申请内容")


def compose(app: Application, kind: str, **extra: str) -> tuple[str, list[str]]:
    title, lines = wording(kind)
    values = {name: printable(value) for name, value in values_for(app, **extra).items()}
    if kind in REPLY_KINDS:
        # Every reply cites its basis (regulation.md §4): a template without it, or a case without
        # one, issues nothing.
        if not any("{依据}" in line for line in lines):
            raise ValidationError(f"文书模板“{title}”缺少{{依据}}，答复文书须写明所依据的条款，请政务公开办修改模板")
        if not values["依据"].strip():
            raise ValidationError("该办理结果没有所依据的条款，不能出具答复文书")
    # Private-use marks stand for the applicant's text until the regulation is named.
    held = {f"\ue000{i}\ue001": values[name] for i, name in enumerate(APPLICANT_TEXT)}
    marked = {**values, **{name: mark for mark, name in zip(held, APPLICANT_TEXT, strict=True)}}
    filled = [fill(line, marked).strip() for line in lines]
    if kind in REMEDY_KINDS:
        filled.append(remedy_paragraph(app, kind))
    paragraphs: list[str] = []
    for text in name_regulation([t for t in filled if t]):
        for mark, value in held.items():
            text = text.replace(mark, value)
        # A multi-line value (补正事项, 答复内容) becomes several paragraphs.
        paragraphs.extend(part.strip() for part in text.splitlines() if part.strip())
    paragraphs.append("特此告知。" if kind != NoticeKind.RECEIPT else "特此回执。")
    return printable(title), paragraphs


# What the stored receipt says where the query code goes: the code itself is given to the applicant
# only (issue #16, hole 6), in the copy `with_query_code` renders for them when they ask.
QUERY_CODE_MASK = "＊＊＊＊＊＊＊＊"


def _letter(app: Application, *, number: str, title: str, addressee: str, paragraphs: list[str],
            on: date) -> NoticeDocument:
    # Only issued notices are built here (no drafts or previews): they carry the body's seal.
    footer = ("本文书中标注“暂定”的日期按周一至周五并扣除法定节假日推算，待国务院公布该年度节假日安排后确定。"
              if app.due_provisional and "暂定" in "".join(paragraphs) else "")
    return NoticeDocument(issuer=app.body.letter_name, number=number, title=title, addressee=addressee,
                  paragraphs=paragraphs, signed_on=on, footer_note=footer,
                  seal=bytes(app.body.seal) if app.body.seal else None)


def issue(app: Application, kind: str, *, on: date, actor=None, addressee: str | None = None,
          consultation=None, visible_to_applicant: bool = True, **extra: str) -> Notice:
    """Number, render and store one notice. Runs inside the caller's transaction, so a failure
    to render leaves no number used and nothing half-written."""
    title, paragraphs = compose(app, kind, **extra)
    serial = next_sequence_value(body=app.body, name="notice", year=on.year)
    number = f"{app.body.notice_prefix}〔{on.year}〕{serial}号"
    letter = _letter(app, number=number, title=title, addressee=printable(addressee or app.name),
                     paragraphs=paragraphs, on=on)
    pdf, docx = _signed(app, render_pdf(letter)), render_docx(letter)
    return Notice.objects.create(
        application=app, kind=kind, number=number, title=title, addressee=letter.addressee,
        paragraphs=paragraphs, issued_on=on, issued_by=actor if getattr(actor, "pk", None) else None,
        consultation=consultation, pdf=pdf, docx=docx, sha256=hashlib.sha256(pdf).hexdigest(),
        docx_sha256=hashlib.sha256(docx).hexdigest(), visible_to_applicant=visible_to_applicant)


def with_query_code(notice: Notice, code: str, ext: str) -> bytes:
    """The applicant's copy of a stored notice, the masked query code replaced by theirs: the
    same number, text and date, rendered when asked and never stored."""
    app = notice.application
    paragraphs = [p.replace(QUERY_CODE_MASK, code) for p in notice.paragraphs]
    letter = _letter(app, number=notice.number, title=notice.title, addressee=notice.addressee,
                     paragraphs=paragraphs, on=notice.issued_on)
    return _signed(app, render_pdf(letter)) if ext == "pdf" else render_docx(letter)


def _signed(app: Application, pdf: bytes) -> bytes:
    return sign_pdf(pdf, body_code=app.body.code, signer_name=app.body.letter_name)
