"""Serializers of the annual reports' API: the published report and the staff's working copy."""

from rest_framework import serializers


class ReportRowSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="官方格式的行名称，如“一、本年新收政府信息公开申请数量”“1.属于国家秘密”")
    group = serializers.CharField(required=False, help_text="三：所属大类，如“（三）不予公开”；四：“行政诉讼”或空")
    block = serializers.CharField(required=False, help_text="二：所属项，如“第二十条第（一）项”")
    values = serializers.DictField(child=serializers.FloatField(),
                                   help_text="按官方列名：三为 自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计；"
                                             "四为 结果维持、结果纠正、其他结果、尚未审结、总计；二为各项的列名")


class ReportSectionsSerializer(serializers.Serializer):
    二 = ReportRowSerializer(many=True, help_text="主动公开政府信息情况")
    三 = ReportRowSerializer(many=True, help_text="收到和处理政府信息公开申请情况（不含无数字的标题行）")
    四 = ReportRowSerializer(many=True, help_text="政府信息公开行政复议、行政诉讼情况")


class AnnualReportSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    body = serializers.DictField(help_text="公开主体：code 单位代码，name 名称")
    with_branches = serializers.BooleanField(help_text="是否为含下级机关的汇总报告")
    title = serializers.CharField()
    version = serializers.IntegerField(help_text="版本号；大于 1 表示已更正")
    published_at = serializers.DateTimeField()
    correction = serializers.CharField(help_text="更正说明")
    sections = ReportSectionsSerializer()
    text = serializers.DictField(help_text="opening 开头说明；一、五、六 各部分正文")
    adjustments = serializers.ListField(child=serializers.DictField(), help_text="人工调整的单元格及原因")
    files = serializers.DictField(help_text="pdf、docx、xlsx 下载地址")


class StaffReportSerializer(serializers.Serializer):
    """`_staff_detail`: the working copy as the workbench page shows it."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    with_branches = serializers.BooleanField()
    body = serializers.DictField(help_text="code 单位代码，name 名称")
    text = serializers.DictField(help_text="一、五、六 各部分正文")
    figures = serializers.DictField(help_text="二、三、四：按记录重新统计（含人工调整）的数字，结构同 reports.annual.to_dict")
    checks = serializers.DictField(help_text="passed 是否通过；previous_year_checked 是否核对了上年结转；failures 未通过的规则")
    adjustments = serializers.ListField(child=serializers.DictField(), help_text="人工调整")
    versions = serializers.ListField(child=serializers.DictField(), help_text="已公布的版本")


class StaffReportSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    year = serializers.IntegerField()
    with_branches = serializers.BooleanField()
    body = serializers.CharField(help_text="公开主体的单位代码")
    versions = serializers.IntegerField(help_text="已公布的版本数")


class StaffReportOpenSerializer(serializers.Serializer):
    body = serializers.CharField(help_text="公开主体的单位代码")
    year = serializers.IntegerField(help_text="年度（已结束的年度）", error_messages={"invalid": "年度应为四位数字"})
    with_branches = serializers.BooleanField(required=False, default=False, help_text="含下级机关汇总")


class StaffReportActionSerializer(serializers.Serializer):
    overview = serializers.CharField(required=False, allow_blank=True, help_text="text：一、总体情况")
    problems = serializers.CharField(required=False, allow_blank=True, help_text="text：五、存在的主要问题及改进情况")
    other_matters = serializers.CharField(required=False, allow_blank=True, help_text="text：六、其他需要报告的事项")
    section = serializers.CharField(required=False, help_text="adjust/unadjust：部分（二、三、四）")
    row = serializers.CharField(required=False, help_text="adjust/unadjust：行代码（见详情 figures 中的 key）")
    column = serializers.CharField(required=False, help_text="adjust/unadjust：列代码，如 person、total、decisions")
    value = serializers.CharField(required=False, help_text="adjust：填报数")
    reason = serializers.CharField(required=False, allow_blank=True, help_text="adjust：调整原因")
    correction = serializers.CharField(required=False, allow_blank=True, help_text="publish：更正说明（重新公布时必填）")
