"""PostgreSQL: the web process runs as a role that cannot rewrite the audit trail.

Two roles (docs/operations.md): the *owner* creates the tables (`gongkai migrate`) and so could
disable the audit table's triggers; the *application* role (GONGKAI_DB_APP_ROLE) is what
`DATABASE_URL` logs in as when serving. It may read and write the application's tables, but on the
audit table only SELECT and INSERT: no UPDATE, DELETE or TRUNCATE, and, not being the owner, no
ALTER TABLE … DISABLE TRIGGER. Grants are re-applied after every migrate, so new tables follow.
"""

from django.conf import settings
from django.db import connections

AUDIT_TABLE = "core_auditevent"
MIGRATIONS_TABLE = "django_migrations"


def grant(role: str, *, using: str = "default") -> None:
    """Give `role` what the application needs, and not the power to change the audit trail."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    who = quote(role)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = quote(cursor.fetchone()[0])
        for statement in (
            f"GRANT USAGE ON SCHEMA {schema} TO {who}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {who}",
            f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {who}",
            f"REVOKE UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES ON {quote(AUDIT_TABLE)} FROM {who}",
            f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {quote(MIGRATIONS_TABLE)} FROM {who}",
        ):
            cursor.execute(statement)


def grant_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate receiver: keep the application role's grants in step with the schema."""
    if settings.GONGKAI_DB_APP_ROLE:
        grant(settings.GONGKAI_DB_APP_ROLE, using=using)
