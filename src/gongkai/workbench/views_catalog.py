"""Catalog data kept by the disclosure office: the topic tree (with deadlines and review chains)
and the yearly enforcement and fee figures the annual report's section 二 needs."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.core import clock
from gongkai.core.access import scope_units
from gongkai.core.models import DisclosureBody
from gongkai.core.permissions import Capability
from gongkai.publications import services
from gongkai.publications.models import CatalogTopic, EnforcementFigures, ReviewStep

from .views import apply_errors, capability_required


class TopicForm(forms.Form):
    name = forms.CharField(label="名称", max_length=60)
    code = forms.CharField(label="编码", max_length=20, help_text="如 0803；目录按编码和排序展示")
    parent = forms.ModelChoiceField(label="上级分类", queryset=CatalogTopic.objects.all(), required=False,
                                    empty_label="（无，顶级分类）")
    sort_order = forms.IntegerField(label="排序", min_value=0, initial=0)
    publish_within_days = forms.IntegerField(
        label="公开时限（工作日）", required=False, min_value=1, max_value=20,
        help_text="留空按上级分类，最终默认 20 个工作日（条例第二十六条）；行政许可、处罚结果一般为 7 个工作日")
    review_steps = forms.MultipleChoiceField(label="审核环节", choices=ReviewStep.choices,
                                             widget=forms.CheckboxSelectMultiple, initial=ReviewStep.values,
                                             help_text="保密审查不能省略")
    is_sealed = forms.BooleanField(label="依法封存，不逐件公开（如治安管理处罚决定）", required=False)
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, topic=None, **kwargs):
        super().__init__(*args, **kwargs)
        parents = CatalogTopic.objects.all()
        if topic:
            parents = parents.exclude(path__startswith=topic.path)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = lambda t: "　" * t.depth + t.name


@capability_required(Capability.PUBLICATIONS_MANAGE)
def topics(request):
    return render(request, "workbench/catalog/topics.html", {"topics": CatalogTopic.objects.all()})


@capability_required(Capability.PUBLICATIONS_MANAGE)
def topic_edit(request, pk=None):
    topic = get_object_or_404(CatalogTopic, pk=pk) if pk else None
    initial = None
    if topic:
        initial = {"name": topic.name, "code": topic.code, "parent": topic.parent, "sort_order": topic.sort_order,
                   "publish_within_days": topic.publish_within_days, "review_steps": topic.review_steps,
                   "is_sealed": topic.is_sealed, "is_active": topic.is_active}
    form = TopicForm(request.POST or None, initial=initial, topic=topic)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.save_topic(actor=request.user, topic=topic, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已保存主题分类“{topic.name}”。")
            return redirect("workbench:topics")
    return render(request, "workbench/form_page.html", {
        "form": form, "title": f"编辑主题分类：{topic.name}" if topic else "新增主题分类", "back": "workbench:topics"})


class FiguresForm(forms.Form):
    licences = forms.IntegerField(label="行政许可：本年处理决定数量", min_value=0)
    penalties = forms.IntegerField(label="行政处罚：本年处理决定数量", min_value=0)
    coercive_measures = forms.IntegerField(label="行政强制：本年处理决定数量", min_value=0)
    fees_wan_yuan = forms.DecimalField(label="行政事业性收费：本年收费金额（万元）", min_value=0, max_digits=12,
                                       decimal_places=4)
    note = forms.CharField(label="说明", required=False, max_length=200)


@capability_required(Capability.REPORTS_MANAGE)
def enforcement_figures(request):
    units = scope_units(request.user, Capability.REPORTS_MANAGE)
    bodies = DisclosureBody.objects.filter(unit__in=units).select_related("unit")
    body = next((b for b in bodies if b.unit.code == request.GET.get("body")), None) or bodies.first()
    try:
        year = int(request.GET.get("year") or clock.today().year)
    except ValueError:
        year = clock.today().year
    row = EnforcementFigures.objects.filter(body=body, year=year).first() if body else None
    initial = {f: getattr(row, f) for f in FiguresForm.base_fields} if row else None
    form = FiguresForm(request.POST or None, initial=initial)
    if request.method == "POST" and body and form.is_valid():
        try:
            services.save_enforcement_figures(actor=request.user, body=body, year=year, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已保存{body.letter_name} {year} 年的数据。")
            return redirect(f"{request.path}?body={body.unit.code}&year={year}")
    rows = EnforcementFigures.objects.filter(body__in=bodies).select_related("body").order_by("-year", "body__unit__path")
    return render(request, "workbench/catalog/figures.html", {
        "form": form, "bodies": bodies, "body": body, "year": year, "rows": rows,
        "years": list(range(clock.today().year, clock.today().year - 6, -1))})
