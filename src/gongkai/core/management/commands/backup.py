from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.backup import archive, layout


def _size(n: int) -> str:
    for unit in ("字节", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "字节" else f"{n:,.1f} {unit}"
        n /= 1024
    return ""


class Command(BaseCommand):
    help = ("备份：数据库（一致的副本）、上传的文件、密钥和审计检查点写入一个归档文件（权限 0600），"
            "附带清单（各文件的 SHA-256、密钥指纹、审计链尾）。恢复用 gongkai restore。")

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", type=Path,
                            help="归档文件的路径（默认写入 GONGKAI_BACKUP_DIR，文件名含日期时间）")

    def handle(self, *args, **options):
        try:
            result = archive.create(options["output"], say=self.stdout.write)
        except layout.BackupError as exc:
            raise CommandError(f"备份失败：{exc}") from None
        m = result.manifest
        files = {k: v for k, v in m["members"].items() if k.startswith(layout.FILES + "/")}
        head = m["database"]["audit_head"] or {"seq": 0}
        self.stdout.write(f"备份已写入 {result.path}（{_size(result.path.stat().st_size)}，权限 0600）。"
                          "其中有密钥：请像保管密钥一样保管，并复制到本机以外。")
        self.stdout.write(f"  数据库：{m['database']['vendor']}，审计日志至第 {head['seq']} 条")
        self.stdout.write(f"  文件：{len(files)} 个，共 {_size(sum(v['size'] for v in files.values()))}；"
                          f"数据库引用 {m['database']['files_referenced']} 个")
        for entry in m["keys"].values():
            where = "已写入备份" if entry["source"] == "file" else f"来自环境变量 {entry['env']}，未写入备份"
            self.stdout.write(f"  {entry['label']}：指纹 {entry['key_id']}，{where}")
        self.stdout.write(f"  审计检查点：{'已写入备份' if m['checkpoints'] else '没有检查点文件'}")
        for warning in result.warnings:
            self.stderr.write(f"注意：{warning}")
        if not result.ok:
            raise CommandError("备份已写入，但它不能用于恢复：\n" + "\n".join(f"  {p}" for p in result.problems[:50])
                               + "\n运行 gongkai check_data 查看并排除问题后重新备份")
