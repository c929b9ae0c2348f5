"""Forms of the catalog data the disclosure office keeps: topics and the yearly enforcement figures."""

from django import forms

from gongkai.publications.models import CatalogTopic, ReviewStep


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
    enforcement_kind = forms.ChoiceField(
        label="行政执法决定类别", choices=CatalogTopic.EnforcementKind.choices, required=False,
        help_text="此分类下的信息是行政许可、行政处罚或行政强制决定的，决定被依法变更、撤销、确认违法或者"
                  "确认无效后须在三个工作日内撤回并公开说明理由（行政处罚法第四十八条第二款）")
    is_active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, topic=None, **kwargs):
        super().__init__(*args, **kwargs)
        parents = CatalogTopic.objects.all()
        if topic:
            parents = parents.exclude(path__startswith=topic.path)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = lambda t: "　" * t.depth + t.name


class FiguresForm(forms.Form):
    licences = forms.IntegerField(label="行政许可：本年处理决定数量", min_value=0)
    penalties = forms.IntegerField(label="行政处罚：本年处理决定数量", min_value=0)
    coercive_measures = forms.IntegerField(label="行政强制：本年处理决定数量", min_value=0)
    fees_wan_yuan = forms.DecimalField(label="行政事业性收费：本年收费金额（万元）", min_value=0, max_digits=12,
                                       decimal_places=4)
    note = forms.CharField(label="说明", required=False, max_length=200)
