"""The steps of the workbench's case page, one small POST form each: what each step looks like on
the page (its form, its button and the message after it). The step itself is taken by
`applications.actions`, the same table the API uses.

Which steps a person sees is `applications.workflow`'s answer; `views/applications.py` lays the
offered ones out on the case page and posts them back through `PANELS`."""

from collections.abc import Callable
from dataclasses import dataclass

from gongkai.applications import actions, notices, regimes, services, workflow
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


def _extension_form(app, user, data, **kw):
    # The limit and its article are the governing regulation's (2008: 15 days, Art. 24); the service refuses more.
    law = regimes.of(app.received_on)
    kw.setdefault("initial", {"days": law.extension_max})
    form = f.ExtensionForm(data, **kw)
    form.fields["days"].help_text = (f"最长{law.extension_max}个工作日，只能延长一次，须经政府信息公开工作机构负责人同意"
                                     f"（{law.basis}）")
    return form


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


# What the case page says after each step (`actions.APPLICATION` takes it), from the case after
# the step and what the service returned: a notice, a consultation, a delivery, the case itself.

def _assigned(app, result):
    return f"已分办至{app.unit.name}" + (f"，承办人{app.handler.display_name}。" if app.handler else "。")


def _receipt_confirmed(app, result):
    return (f"已确认受理，答复期限为{notices.due_text(app)}。受理回执已出具，请送达申请人"
            "（存档的回执不载查询码：申请人没有查询码的，可“重新生成查询码”并下载载有查询码的回执）。")


def _supplement_requested(app, notice):
    return f"已出具补正通知书（{notice.number}），补正期限{notices.cn_date(app.supplement_due_on)}，请送达申请人。"


def _supplement_received(app, result):
    return f"已登记收到补正，答复期限重新计算为{notices.due_text(app)}。"


def _consultation_started(app, consultation):
    return ("已出具征询书；送达后请登记送达日期：对方自收到之日起15个工作日内提出意见（条例第三十二条），"
            "征询期间不计入答复期限。")


def _consultation_answered(app, consultation):
    return f"已登记{consultation.party_name}的意见，恢复计时。"


def _fee_notified(app, notice):
    return f"已出具收费通知书（{notice.number}），计{app.fee_amount}元；送达后请登记送达日期，缴费期限自次日起算。"


def _extension_approved(app, notice):
    return f"已批准延期，答复期限为{notices.due_text(app)}；延期答复告知书（{notice.number}）请送达申请人。"


def _reasons_requested(app, notice):
    return f"已出具说明理由通知书（{notice.number}），请送达申请人。"


def _decided(app, result):
    if app.status == Status.CLOSED:
        return f"已出具{app.notices.last().title}，申请办结；请登记送达。"
    return "已拟定答复，报领导审批。"


def _reply_approved(app, notice):
    return f"已批准答复，出具{notice.title}（{notice.number}），申请办结；请登记送达。"


def _lapsed(app, notice):
    return f"已按视为放弃申请办结，出具{notice.title}（{notice.number}）。"


def _delivered(app, delivery):
    return f"已登记{delivery.notice.number}的送达。"


def _said(text: str):
    return lambda app, result: text


@dataclass(frozen=True)
class Panel:
    form: Callable        # (app, user, data, **kwargs) -> Form
    done: Callable        # (app after the step, what the service returned) -> the message shown
    button: str = "提交"
    intro: str = ""
    danger: bool = False
    panel: bool = True    # shown among the steps (False: shown next to its notice, consultation, ...)
    first: bool = False   # the obvious next thing whenever it applies: shown unfolded


PANELS: dict[str, Panel] = {
    "confirm_receipt": Panel(_simple(f.ConfirmForm, received_on=_today), _receipt_confirmed, "确认受理",
                             "平信、传真及须确认的网上申请，以与申请人确认之日为收到申请之日，开始计算答复期限。",
                             first=True),
    "assign": Panel(_assign_form, _assigned, "分办"),
    "request_supplement": Panel(_simple(f.SupplementForm), _supplement_requested, "出具补正通知书",
                                "补正通知只能发一次，须一次性告知全部事项；答复期限自收到补正之日起重新计算。"),
    "receive_supplement": Panel(_simple(f.ReceiveSupplementForm, on=_today), _supplement_received, "登记收到补正",
                                first=True),
    "start_consultation": Panel(_simple(f.ConsultForm), _consultation_started, "出具征询书",
                                "对方有15个工作日提出意见；征询期间不计入答复期限（条例第三十二、三十三、三十四条）。"),
    "record_consultation_answer": Panel(_simple(f.ConsultAnswerForm, on=_today), _consultation_answered,
                                        "登记意见", panel=False),
    "notify_fee": Panel(_simple(f.FeeForm), _fee_notified, "出具收费通知书",
                        "仅在申请数量、频次明显超过合理范围时收取（条例第四十二条）；自发出通知至缴费的期间不计入答复期限。"),
    "record_payment": Panel(_simple(f.PaymentForm, on=_today), _said("已登记缴费，恢复计时。"), "登记缴费"),
    "request_extension": Panel(_extension_form, _said("已提交延期申请，待政务公开办负责人批准。"), "提交延期申请"),
    "approve_extension": Panel(_simple(f.EmptyForm), _extension_approved, "批准延期并出具告知书", first=True),
    "request_reasons": Panel(_simple(f.EmptyForm), _reasons_requested, "出具说明理由通知书",
                             "申请数量、频次明显超过合理范围时，可要求申请人说明理由（条例第三十五条）。"),
    "record_reasons": Panel(_simple(f.ReasonsRecordForm), _said("已登记申请人说明的理由。"), "登记理由"),
    "decide": Panel(_decide_form, _decided, "提交答复", "选择“当场答复”时直接出具答复文书；否则报领导审批后出具。"),
    "approve_reply": Panel(_simple(f.EmptyForm), _reply_approved, "批准并出具答复文书", first=True),
    "return_reply": Panel(_simple(f.ReturnForm), _said("已退回经办人修改。"), "退回修改", danger=True),
    "close_lapsed": Panel(_simple(f.EmptyForm), _lapsed, "按视为放弃申请办结",
                          "补正期限或缴费期限已过，申请人未补正或未缴费的，视为放弃申请，本机关不再处理。",
                          danger=True, first=True),
    "record_delivery": Panel(_simple(f.DeliveryForm, on=_today), _delivered, "登记送达", panel=False),
    "add_note": Panel(_simple(f.NoteForm), _said("已添加内部备注。"), "添加备注", panel=False),
    "record_remedy": Panel(_remedy_form, _said("已登记复议诉讼情况。"), "登记", panel=False),
}
assert PANELS.keys() == actions.APPLICATION.keys()
# Per-item steps: the form carries the id of its notice or consultation, so each has its own form.
ITEM_FIELD = {"record_delivery": "notice", "record_consultation_answer": "consultation"}


def form_for(name: str, app, user, data=None, item=None):
    suffix = f"{item}" if item is not None else ""
    kwargs = {"auto_id": f"{name}{suffix}_%s"}
    form = PANELS[name].form(app, user, data, **kwargs)
    if item is not None and data is None:
        form.initial[ITEM_FIELD[name]] = item
    return form
