"""Each database vendor's copy and restore: SQLite through its online backup API, PostgreSQL
through pg_dump and pg_restore (the client tools found, and given the connection's settings in the
environment)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import transaction

from .facts import read_facts, table_names
from .layout import BackupError, RestoreRefused


def pg_env(connection) -> dict[str, str]:
    """libpq's environment for the connection Django uses (the password never on a command line)."""
    s = connection.settings_dict
    env = {**os.environ}
    for var, value in (("PGHOST", s.get("HOST")), ("PGPORT", s.get("PORT")), ("PGUSER", s.get("USER")),
                       ("PGPASSWORD", s.get("PASSWORD")), ("PGDATABASE", s.get("NAME"))):
        if value:
            env[var] = str(value)
    for option, var in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"), ("sslcert", "PGSSLCERT"),
                        ("sslkey", "PGSSLKEY"), ("service", "PGSERVICE"), ("passfile", "PGPASSFILE")):
        if value := (s.get("OPTIONS") or {}).get(option):
            env[var] = str(value)
    return env


def pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"找不到 {name}：PostgreSQL 的备份和恢复需要 PostgreSQL 客户端程序"
                          f"（Debian：apt-get install postgresql-client），其主版本不能低于数据库服务器")
    return found


def snapshot_sqlite(connection, target: Path) -> dict:
    """The online backup API: one consistent copy, with WAL and a running server; then the facts
    read from that copy."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        tables = {row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return read_facts(copy.cursor(), tables)
    finally:
        copy.close()


def snapshot_postgresql(connection, target: Path) -> dict:
    """pg_dump of a snapshot exported from a transaction that reads the facts too: the dump and
    the manifest describe the same moment."""
    pg_dump = pg_tool("pg_dump")
    tables = table_names(connection)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        done = subprocess.run([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"],
                              env=pg_env(connection), capture_output=True, text=True)
        if done.returncode:
            raise BackupError(f"pg_dump 失败：{done.stderr.strip() or done.returncode}")
        return read_facts(cursor, tables)


def restore_sqlite(connection, staged: Path) -> None:
    source = sqlite3.connect(staged)
    try:
        connection.close()
        connection.ensure_connection()
        source.backup(connection.connection)  # one write transaction: all of it or nothing
    finally:
        source.close()
        connection.close()


def restore_postgresql(connection, staged: Path) -> None:
    pg_restore = pg_tool("pg_restore")
    env = pg_env(connection)
    connection.close()
    # Owner and grants are this installation's (migrate grants GONGKAI_DB_APP_ROLE again); one
    # transaction, stopped at the first error: all of it or nothing.
    done = subprocess.run([pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges",
                           "--single-transaction", "--exit-on-error",
                           f"--dbname={connection.settings_dict['NAME']}", str(staged)],
                          env=env, capture_output=True, text=True)
    if done.returncode:
        raise RestoreRefused(f"pg_restore 失败，数据库没有改动：{done.stderr.strip() or done.returncode}")
