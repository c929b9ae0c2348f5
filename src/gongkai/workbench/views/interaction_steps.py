"""The steps of the workbench's letter page, one small POST form each: what each step looks like
on the page (its form, the service call that runs it, its button and the message after it).

Which steps a person sees is `interaction.workflow`'s answer; `views/interaction.py` lays the
offered ones out on the letter page and posts them back through `PANELS`."""

from collections.abc import Callable
from dataclasses import dataclass

from gongkai.core.models import Unit, User
from gongkai.interaction import selectors, services, workflow
from gongkai.interaction.models import Status

from ..forms import interaction as f

HANDLE = workflow.HANDLE


def _assign_form(letter, user, data, **kw):
    root = letter.body.unit
    units = Unit.objects.filter(path__startswith=root.path, is_active=True)
    staff = (User.objects.filter(is_active=True, unit__path__startswith=root.path).select_related("unit")
             .prefetch_related("roles").order_by("unit__path", "username"))
    handlers = [u for u in staff if any(HANDLE in r.capabilities for r in u.roles.all())]
    kw.setdefault("initial", {"unit": letter.unit_id, "handler": letter.handler_id})
    return f.AssignForm(data, units=units, handlers=handlers, **kw)


def _publish_form(letter, user, data, **kw):
    text = selectors.public_text(letter)
    kw.setdefault("initial", {"public_subject": text["subject"] or letter.subject,
                              "public_content": text["content"] or letter.content,
                              "public_reply": text["reply"] or letter.reply_text})
    return f.PublishForm(data, **kw)


def _simple(form_class):
    def make(letter, user, data, **kw):
        return form_class(data, **kw)
    return make


def _assign(user, letter, d):
    handler = User.objects.filter(pk=d["handler"]).first() if d["handler"] else None
    services.assign(actor=user, letter=letter, unit=Unit.objects.get(pk=d["unit"]), handler=handler)
    return f"已分办至{letter.unit.name}" + (f"，承办人{handler.display_name}。" if handler else "。")


def _reply(user, letter, d):
    services.reply(actor=user, letter=letter, text=d["text"])
    if letter.status == Status.REVIEW:
        return "已提交答复，待政务公开办审核后答复来信人。"
    return "已答复来信人，来信人可凭来信编号和查询码查看。"


def _approve_reply(user, letter, d):
    services.approve_reply(actor=user, letter=letter)
    return "已审核通过，答复已对来信人显示。"


def _return_reply(user, letter, d):
    services.return_reply(actor=user, letter=letter, comment=d["comment"])
    return "已退回承办单位修改。"


def _close(user, letter, d):
    services.close(actor=user, letter=letter, note=d["note"])
    return "来信已办结。"


def _add_note(user, letter, d):
    services.add_note(actor=user, letter=letter, text=d["text"])
    return "已添加内部备注。"


def _publish(user, letter, d):
    services.publish(actor=user, letter=letter, subject=d["public_subject"], content=d["public_content"],
                     reply=d["public_reply"])
    return "已在门户网站“互动交流”栏目公开。"


def _unpublish(user, letter, d):
    services.unpublish(actor=user, letter=letter, reason=d["reason"])
    return "已撤回公开，门户网站和接口不再显示。"


@dataclass(frozen=True)
class Panel:
    form: Callable        # (letter, user, data, **kwargs) -> Form
    run: Callable         # (user, letter, cleaned_data) -> success message
    button: str = "提交"
    intro: str = ""
    danger: bool = False
    panel: bool = True    # shown among the steps (False: shown on its own)
    first: bool = False   # the obvious next thing whenever it applies: shown unfolded


# How each step of `interaction.workflow` looks on the letter page; which steps a person sees is
# the workflow's answer. The Art. 39 conversion has a page of its own (`to_application`).
PANELS: dict[str, Panel] = {
    "assign": Panel(_assign_form, _assign, "分办", "分办给承办单位（可同时指定承办人）；答复期限自收信之日起计算，不因分办而改变。",
                    first=True),
    "reply": Panel(_simple(f.ReplyForm), _reply, "提交答复", first=True),
    "approve_reply": Panel(_simple(f.EmptyForm), _approve_reply, "审核通过并答复来信人", first=True),
    "return_reply": Panel(_simple(f.ReturnForm), _return_reply, "退回", danger=True),
    "close": Panel(_simple(f.CloseForm), _close, "办结"),
    "publish": Panel(_publish_form, _publish, "检查并公开",
                     "公开前系统检查公开文本中的个人信息（身份证号、手机号码、银行卡号、车牌号、姓名、电子邮箱及来信人信息）；"
                     "发现的须删除或改写后才能公开。只修改公开文本，来信原文不变。"),
    "unpublish": Panel(_simple(f.UnpublishForm), _unpublish, "撤回公开", danger=True),
    "add_note": Panel(_simple(f.NoteForm), _add_note, "添加备注", panel=False),
}


def form_for(name: str, letter, user, data=None):
    return PANELS[name].form(letter, user, data, auto_id=f"{name}_%s")
