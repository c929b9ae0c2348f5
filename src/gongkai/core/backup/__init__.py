"""Backups that restore into a working system, and the checks that say whether it works (issue
#16, hole 8).

A restore without the secret key killed every query code, and one without the files directory lost
every attachment, and `audit verify` passed both. So:

- `archive.create` writes one archive (tar.gz, mode 0600: it holds keys) with a consistent copy of the
  database (SQLite: the online backup API, consistent under WAL and a running server; PostgreSQL:
  `pg_dump -Fc` of a snapshot exported from a transaction that also reads what the manifest says
  of the database), the uploaded files (MEDIA_ROOT), every key kept in a file (keyring.KEYS and any
  other `*.key` in GONGKAI_KEY_DIR, and the SECRET_KEY file), the audit checkpoints, and a manifest:
  every member's size and SHA-256, every key's id (those given in the environment are named, not
  carried), the fingerprints the database recorded, the audit chain's head, and the files the
  database refers to that the archive lacks (then the archive is written, but marked unusable and
  the command fails: a broken source is reported when the backup is made, not when it is needed).
- `recovery.restore` verifies the whole archive first, and refuses, changing nothing, an archive that is
  damaged, whose keys are not the ones its database was written with or not the ones this
  environment will use (a key in an environment variable wins over the file), from another database
  vendor or a newer version, or a non-empty database without `force`. Then it restores the database
  (SQLite: the backup API into the live file, one transaction; PostgreSQL: `pg_restore --clean
  --single-transaction`), the files, keys and checkpoints (what they replace is kept beside them as
  `*.before-restore-<time>`), migrates, and runs `checks.run_checks`.
- `checks.run_checks` (also `gongkai check_data`): the keys against the database's fingerprints and the
  data (keyring), the audit chain against its checkpoints, every file the database refers to
  (exists, and its size and SHA-256 where the model stores them), and the search index.

The search index is not backed up: it is rebuilt from the database. Beside those: `layout` (the
archive's names and the errors), `facts` (what the database holds, read alike from a snapshot and
the live database) and `vendors` (SQLite's and PostgreSQL's copy and restore).
"""
