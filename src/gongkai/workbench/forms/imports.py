"""Forms of the import pages: a legacy catalog, an applications ledger."""

from django import forms

from gongkai.publications import importer


class CatalogImportForm(forms.Form):
    file = forms.FileField(label="目录文件（XLSX 或 CSV）",
                           help_text=f"第 1 行为表头；不超过 {importer.MAX_BYTES // (1024 * 1024)} MB、"
                                     f"{importer.MAX_ROWS} 行。CSV 可为 UTF-8、GBK/GB18030 或 UTF-16 编码")
    dry_run = forms.BooleanField(label="仅检查不导入", required=False)


class LedgerImportForm(forms.Form):
    file = forms.FileField(label="申请台账（XLSX 或 CSV）",
                           help_text="第 1 行为表头；CSV 可为 UTF-8、GBK/GB18030 或 UTF-16 编码")
    body = forms.TypedChoiceField(label="默认公开主体", coerce=int,
                                  help_text="台账中没有“公开主体”列或该列为空时，计入此公开主体")
    dry_run = forms.BooleanField(label="仅检查不导入", required=False)

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [(b.pk, b.letter_name) for b in bodies]
