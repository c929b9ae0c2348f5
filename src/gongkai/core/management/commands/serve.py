"""`gongkai serve`: the whole site as `make run` starts it, in one foreground command.

Three processes, as in production (README, "Production"): the web server (gunicorn, static files
through WhiteNoise), the job worker (django-q: reminders, the daily check of applications, the
annual-report reminder) and the search follower (`search sync --follow`). Their output goes to
this terminal. Ctrl-C, SIGTERM or a closed terminal (SIGHUP) stops all three; if one of them dies
the others are stopped too and the command fails. (A SIGKILL of this command cannot be caught:
then the three keep running and must be stopped by hand.)
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

GRACE_SECONDS = 10


class Command(BaseCommand):
    help = "启动网站（gunicorn）、任务进程和检索索引同步进程；Ctrl-C 全部停止。"

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1",
                            help="address to listen on (default 127.0.0.1; behind nginx in production)")
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("GONGKAI_WEB_WORKERS") or 2),
                            help="gunicorn worker processes (GONGKAI_WEB_WORKERS, default 2)")

    def handle(self, *args, host: str, port: int, workers: int, **options):
        if not 0 < port < 65536:
            raise CommandError(f"端口号不正确：{port}")
        if workers < 1:
            raise CommandError(f"GONGKAI_WEB_WORKERS 至少为 1（现为 {workers}）")
        # A server started beside keys its data was not written with (a restore that forgot
        # data/secret_key) would run with every query code dead: refused, with the reason.
        from gongkai.core import keyring

        mismatched = [p for s in keyring.check_keys(deep=False) if s.recorded_id for p in s.problems]
        if mismatched:
            raise CommandError("密钥与数据不符，拒绝启动：\n" + "\n".join(f"  {p}" for p in mismatched)
                               + "\n运行 gongkai check_data 查看详情")
        me = [sys.executable, "-m", "gongkai.cli"]
        commands = {
            "web": [sys.executable, "-m", "gunicorn", "gongkai.wsgi", "--bind", f"{host}:{port}",
                    "--workers", str(workers), "--access-logfile", "-", "--error-logfile", "-",
                    "--graceful-timeout", str(GRACE_SECONDS), "--no-control-socket"],
            "jobs": [*me, "qcluster"],
            "search": [*me, "search", "sync", "--follow"],
        }
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        # A closed terminal (SIGHUP) stops the site as Ctrl-C does: nothing keeps the port behind.
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
            signal.signal(signum, stop)
        # Each in a process group of its own, which is stopped whole: the job worker's own worker
        # processes must not outlive it. Ctrl-C reaches only this command, which stops them in turn.
        children = {name: subprocess.Popen(cmd, env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True)
                    for name, cmd in commands.items()}
        self.stdout.write(f"Gongkai 已启动：http://{host}:{port}/  （web {workers} 个进程、任务进程、检索同步；"
                          f"数据库 {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}；Ctrl-C 停止）")
        failed = None
        while not stopping and failed is None:
            failed = next((name for name, child in children.items() if child.poll() is not None), None)
            time.sleep(0.2)
        if failed:
            self.stderr.write(f"{failed} 进程已退出（代码 {children[failed].returncode}），正在停止其余进程")
        self._stop(children)
        if failed:
            raise CommandError(f"{failed} 进程意外退出")
        self.stdout.write("Gongkai 已停止")

    def _stop(self, children: dict[str, subprocess.Popen]) -> None:
        for child in children.values():
            _signal_group(child, signal.SIGTERM)
        deadline = time.monotonic() + GRACE_SECONDS + 5
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
            # Whatever the child left behind in its group (a job worker's workers) goes with it.
            _signal_group(child, signal.SIGKILL)


def _signal_group(child: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(child.pid, signum)
    except (ProcessLookupError, PermissionError):
        pass  # the group is gone already
