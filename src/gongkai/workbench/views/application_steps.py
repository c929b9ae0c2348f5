"""The steps of the workbench's case page, one small POST form each: what each step looks like on
the page (its form, the service call that runs it, its button and the message after it).

Which steps a person sees is `applications.workflow`'s answer; `views/applications.py` lays the
offered ones out on the case page and posts them back through `PANELS`."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from gongkai.applications import notices, services, workflow
from gongkai.applications.models import Application, Status
from gongkai.core import clock
from gongkai.core.access import scope_units
from gongkai.core.models import DisclosureBody, Unit, User

from ..forms import applications as f

HANDLE = workflow.HANDLE


def _today():
    # A form's default day, asked when the form is built: the clock the services count deadlines by.
    return clock.today()


def _in_body(app: Application, units):
    """Of `units`, those that answer to the case's disclosure body: its subtree, less the subtrees
    of bodies below it (a 分局 is a body of its own)."""
    root = app.body.unit.path
    others = list(DisclosureBody.objects.exclude(pk=app.body_id).filter(unit__path__startswith=root)
                  .values_list("unit__path", flat=True))
    units = units.filter(path__startswith=root)
    for path in others:
        units = units.exclude(path__startswith=path)
    return units


def _assign_form(app, user, data, **kw):
    units = _in_body(app, scope_units(user, HANDLE))
    staff = (User.objects.filter(is_active=True, unit__in=_in_body(app, Unit.objects.all()))
             .select_related("unit").prefetch_related("roles").order_by("unit__path", "username"))
    handlers = [u for u in staff if any(HANDLE in r.capabilities for r in u.roles.all())]
    kw.setdefault("initial", {"unit": app.unit_id, "handler": app.handler_id})
    return f.AssignForm(data, units=units, handlers=handlers, **kw)


def _decide_form(app, user, data, **kw):
    return f.DecideForm(data, duplicates=services.possible_duplicates(app), **kw)


def _remedy_form(app, user, data, **kw):
    return f.RemedyForm(data, remedies=list(app.remedies.all()), **kw)


def _simple(form_class, **initial):
    def make(app, user, data, **kw):
        values = {k: (v() if callable(v) else v) for k, v in initial.items()}
        kw.setdefault("initial", values)
        return form_class(data, **kw)
    return make


def _assign(user, app, d):
    handler = User.objects.filter(pk=d["handler"]).first() if d["handler"] else None
    services.assign(actor=user, app=app, unit=Unit.objects.get(pk=d["unit"]), handler=handler)
    return f"已分办至{app.unit.name}" + (f"，承办人{handler.display_name}。" if handler else "。")


def _confirm_receipt(user, app, d):
    services.confirm_receipt(actor=user, app=app, received_on=d["received_on"])
    return (f"已确认受理，答复期限为{notices.due_text(app)}。受理回执已出具，请送达申请人"
            "（存档的回执不载查询码：申请人没有查询码的，可“重新生成查询码”并下载载有查询码的回执）。")


def _request_supplement(user, app, d):
    notice = services.request_supplement(actor=user, app=app, items=d["items"])
    return f"已出具补正通知书（{notice.number}），补正期限{notices.cn_date(app.supplement_due_on)}，请送达申请人。"


def _receive_supplement(user, app, d):
    services.receive_supplement(actor=user, app=app, on=d["on"], text=d["text"])
    return f"已登记收到补正，答复期限重新计算为{notices.due_text(app)}。"


def _start_consultation(user, app, d):
    c = services.start_consultation(actor=user, app=app, party=d["party"], party_name=d["party_name"],
                                    matter=d["matter"], party_address=d["party_address"])
    return f"已出具征询书，请于{notices.cn_date(c.answer_due_on)}前收回意见；征询期间不计入答复期限。"


def _record_consultation_answer(user, app, d):
    consultation = app.consultations.filter(pk=d["consultation"]).first()
    if consultation is None:
        raise ValidationError("该征询不存在")
    services.record_consultation_answer(actor=user, consultation=consultation, on=d["on"], opinion=d["opinion"],
                                        text=d["text"])
    return f"已登记{consultation.party_name}的意见，恢复计时。"


def _notify_fee(user, app, d):
    notice = services.notify_fee(actor=user, app=app, method=d["method"], quantity=d["quantity"])
    return f"已出具收费通知书（{notice.number}），计{app.fee_amount}元；送达后请登记送达日期，缴费期限自次日起算。"


def _record_payment(user, app, d):
    services.record_payment(actor=user, app=app, on=d["on"])
    return "已登记缴费，恢复计时。"


def _request_extension(user, app, d):
    services.request_extension(actor=user, app=app, days=d["days"], reason=d["reason"])
    return "已提交延期申请，待政务公开办负责人批准。"


def _approve_extension(user, app, d):
    notice = services.approve_extension(actor=user, app=app)
    return f"已批准延期，答复期限为{notices.due_text(app)}；延期答复告知书（{notice.number}）请送达申请人。"


def _request_reasons(user, app, d):
    notice = services.request_reasons(actor=user, app=app)
    return f"已出具说明理由通知书（{notice.number}），请送达申请人。"


def _record_reasons(user, app, d):
    services.record_reasons(actor=user, app=app, text=d["text"], reasonable=d["reasonable"] == "yes",
                            stated_due_on=d["stated_due_on"])
    return "已登记申请人说明的理由。"


def _decide(user, app, d):
    earlier = None
    if d["earlier"]:
        earlier = next((a for a in services.possible_duplicates(app) if a.pk == d["earlier"]), None)
    services.decide(actor=user, app=app, outcome=d["outcome"], reply_text=d["reply_text"],
                    reason_text=d["reason_text"], withheld_reasons=d["withheld_reasons"],
                    referral_agency=d["referral_agency"], referral_contact=d["referral_contact"], earlier=earlier,
                    on_the_spot=d["on_the_spot"])
    if app.status == Status.CLOSED:
        return f"已出具{app.notices.last().title}，申请办结；请登记送达。"
    return "已拟定答复，报领导审批。"


def _approve_reply(user, app, d):
    notice = services.approve_reply(actor=user, app=app)
    return f"已批准答复，出具{notice.title}（{notice.number}），申请办结；请登记送达。"


def _return_reply(user, app, d):
    services.return_reply(actor=user, app=app, comment=d["comment"])
    return "已退回经办人修改。"


def _close_lapsed(user, app, d):
    notice = services.close_lapsed(actor=user, app=app)
    return f"已按视为放弃申请办结，出具{notice.title}（{notice.number}）。"


def _record_delivery(user, app, d):
    notice = app.notices.filter(pk=d["notice"]).first()
    if notice is None:
        raise ValidationError("该文书不存在")
    services.record_delivery(actor=user, notice=notice, method=d["method"], on=d["on"],
                             tracking_number=d["tracking_number"], recipient=d["recipient"])
    return f"已登记{notice.number}的送达。"


def _add_note(user, app, d):
    services.add_note(actor=user, app=app, text=d["text"])
    return "已添加内部备注。"


def _record_remedy(user, app, d):
    remedy = app.remedies.filter(pk=d["remedy"]).first() if d.get("remedy") else None
    services.record_remedy(actor=user, app=app, kind=d["kind"], authority=d["authority"], filed_on=d["filed_on"],
                           case_number=d["case_number"], result=d["result"], concluded_on=d["concluded_on"],
                           summary=d["summary"], remedy=remedy)
    return "已登记复议诉讼情况。"


@dataclass(frozen=True)
class Panel:
    form: Callable        # (app, user, data, **kwargs) -> Form
    run: Callable         # (user, app, cleaned_data) -> success message
    button: str = "提交"
    intro: str = ""
    danger: bool = False
    panel: bool = True    # shown among the steps (False: shown next to its notice, consultation, ...)
    first: bool = False   # the obvious next thing whenever it applies: shown unfolded


PANELS: dict[str, Panel] = {
    "confirm_receipt": Panel(_simple(f.ConfirmForm, received_on=_today), _confirm_receipt, "确认受理",
                             "平信、传真及须确认的网上申请，以与申请人确认之日为收到申请之日，开始计算答复期限。",
                             first=True),
    "assign": Panel(_assign_form, _assign, "分办"),
    "request_supplement": Panel(_simple(f.SupplementForm), _request_supplement, "出具补正通知书",
                                "补正通知只能发一次，须一次性告知全部事项；答复期限自收到补正之日起重新计算。"),
    "receive_supplement": Panel(_simple(f.ReceiveSupplementForm, on=_today), _receive_supplement, "登记收到补正",
                                first=True),
    "start_consultation": Panel(_simple(f.ConsultForm), _start_consultation, "出具征询书",
                                "对方有15个工作日提出意见；征询期间不计入答复期限（条例第三十二、三十三、三十四条）。"),
    "record_consultation_answer": Panel(_simple(f.ConsultAnswerForm, on=_today), _record_consultation_answer,
                                        "登记意见", panel=False),
    "notify_fee": Panel(_simple(f.FeeForm), _notify_fee, "出具收费通知书",
                        "仅在申请数量、频次明显超过合理范围时收取（条例第四十二条）；自发出通知至缴费的期间不计入答复期限。"),
    "record_payment": Panel(_simple(f.PaymentForm, on=_today), _record_payment, "登记缴费"),
    "request_extension": Panel(_simple(f.ExtensionForm), _request_extension, "提交延期申请"),
    "approve_extension": Panel(_simple(f.EmptyForm), _approve_extension, "批准延期并出具告知书", first=True),
    "request_reasons": Panel(_simple(f.EmptyForm), _request_reasons, "出具说明理由通知书",
                             "申请数量、频次明显超过合理范围时，可要求申请人说明理由（条例第三十五条）。"),
    "record_reasons": Panel(_simple(f.ReasonsRecordForm), _record_reasons, "登记理由"),
    "decide": Panel(_decide_form, _decide, "提交答复", "选择“当场答复”时直接出具答复文书；否则报领导审批后出具。"),
    "approve_reply": Panel(_simple(f.EmptyForm), _approve_reply, "批准并出具答复文书", first=True),
    "return_reply": Panel(_simple(f.ReturnForm), _return_reply, "退回修改", danger=True),
    "close_lapsed": Panel(_simple(f.EmptyForm), _close_lapsed, "按视为放弃申请办结",
                          "补正期限或缴费期限已过，申请人未补正或未缴费的，视为放弃申请，本机关不再处理。",
                          danger=True, first=True),
    "record_delivery": Panel(_simple(f.DeliveryForm, on=_today), _record_delivery, "登记送达", panel=False),
    "add_note": Panel(_simple(f.NoteForm), _add_note, "添加备注", panel=False),
    "record_remedy": Panel(_remedy_form, _record_remedy, "登记", panel=False),
}
# Per-item steps: the form carries the id of its notice or consultation, so each has its own form.
ITEM_FIELD = {"record_delivery": "notice", "record_consultation_answer": "consultation"}


def form_for(name: str, app, user, data=None, item=None):
    suffix = f"{item}" if item is not None else ""
    kwargs = {"auto_id": f"{name}{suffix}_%s"}
    form = PANELS[name].form(app, user, data, **kwargs)
    if item is not None and data is None:
        form.initial[ITEM_FIELD[name]] = item
    return form
