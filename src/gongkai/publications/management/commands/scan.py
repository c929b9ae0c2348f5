"""`gongkai scan PATH...`: report sensitive content in files before they are published."""

import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.files.extraction import extract_text, hidden_content
from gongkai.core.files.kinds import IMAGE_KINDS, ExtractError, sniff
from gongkai.core.scanner import KINDS, scan

# Larger files are not published on the portal; reading them whole is not worth it.
MAX_FILE_BYTES = 200 * 1024 * 1024

# A name ending in one of these promises a type; a different content is worth a warning.
_EXTENSION_KINDS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".gif": "gif",
    ".webp": "webp",
}
_KIND_LABELS = {"pdf": "PDF", "docx": "DOCX", "xlsx": "XLSX", "txt": "文本", "png": "PNG 图片",
                "jpeg": "JPEG 图片", "gif": "GIF 图片", "webp": "WebP 图片"}

EXIT_FINDINGS = 2


class Command(BaseCommand):
    help = (
        "检查文件中的敏感内容（身份证号、手机号、银行卡号、车牌号、密级标志、姓名），"
        "支持文本、PDF、DOCX、XLSX，目录逐层检查。每处发现输出一行 JSON。"
        "有文件无法检查时退出码为 1；指定 --fail-on-findings 且有发现时退出码为 2。"
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="文件或目录")
        parser.add_argument(
            "--kinds",
            help=f"只报告这些类型，逗号分隔；可用：{','.join(KINDS)}",
        )
        parser.add_argument(
            "--hidden",
            action="store_true",
            help="同时报告隐藏内容（隐藏工作表、批注、修订痕迹、PDF 元数据等），kind 为 hidden_content",
        )
        parser.add_argument("--fail-on-findings", action="store_true", help="有发现时以非零状态退出")

    def handle(self, *args, **options):
        kinds = None
        if options["kinds"]:
            kinds = [k.strip() for k in options["kinds"].split(",") if k.strip()]
            unknown = sorted(set(kinds) - set(KINDS))
            if unknown:
                raise CommandError(f"未知的检查类型：{'、'.join(unknown)}；可用类型：{'、'.join(KINDS)}")
        failed = 0
        findings = 0
        for path, error in self._files(options["paths"]):
            if error:
                self.stderr.write(error)
                failed += 1
                continue
            try:
                findings += self._scan_file(path, kinds, options["hidden"])
            except ExtractError as exc:
                self.stderr.write(f"{path}：{exc}")
                failed += 1
        if failed:
            raise CommandError(f"有 {failed} 个文件无法检查")
        if findings and options["fail_on_findings"]:
            raise CommandError(f"发现 {findings} 处敏感内容", returncode=EXIT_FINDINGS)

    def _files(self, paths):
        """(path, None) for every file to scan, (path, message) for a path that cannot be."""
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                for root, dirs, files in os.walk(path):
                    # Hidden folders and files, and Office lock files (~$报告.docx), are not documents.
                    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                    for name in sorted(files):
                        if not name.startswith((".", "~$")):
                            yield Path(root) / name, None
            elif path.is_file():
                yield path, None
            elif path.exists():
                yield path, f"{path}：不是普通文件，已跳过"
            else:
                yield path, f"{path}：文件不存在"

    def _scan_file(self, path: Path, kinds, with_hidden: bool) -> int:
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ExtractError(f"文件超过 {MAX_FILE_BYTES // (1024 * 1024)} MB，未检查")
            data = path.read_bytes()
        except OSError as exc:
            raise ExtractError(f"无法读取（{exc.strerror or exc}）") from None
        kind = sniff(data)
        if kind is None:
            raise ExtractError("无法识别文件类型（支持文本、PDF、DOCX、XLSX）")
        expected = _EXTENSION_KINDS.get(path.suffix.lower())
        if expected and expected != kind:
            self.stderr.write(
                f"{path}：扩展名为 {path.suffix}，内容实际是{_KIND_LABELS[kind]}，按{_KIND_LABELS[kind]}检查"
            )
        if kind in IMAGE_KINDS:
            self.stderr.write(f"{path}：图片中的文字无法检查，请人工查看")
            return 0
        text = extract_text(data, kind)
        count = 0
        for finding in scan(text, kinds):
            self._emit(path, finding.kind, finding.start, finding.end, finding.text)
            count += 1
        if with_hidden:
            for description in hidden_content(data, kind):
                self._emit(path, "hidden_content", None, None, description)
                count += 1
        return count

    def _emit(self, path, kind, start, end, text):
        record = {"file": str(path), "kind": kind, "start": start, "end": end, "text": text}
        self.stdout.write(json.dumps(record, ensure_ascii=False))
