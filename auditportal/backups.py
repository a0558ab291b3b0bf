"""One archive of the database and the stored files, and its restore, checked by a drill.

The archive is a ``.tar.gz`` holding ``manifest.json`` (when, which database, every file's
SHA-256 and the database's fingerprint), the database (``database.dump`` from ``pg_dump -Fc``
on PostgreSQL, ``database.sqlite3`` copied with SQLite's online backup API) and ``media/``
(issued reports and anything else under ``MEDIA_ROOT``).

The fingerprint is a SHA-256 over every table's name, row count and rows in order: the same
fingerprint after a restore means the same data, row for row.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

# The tables of the service's schema, asked of the database itself (works on a connection
# that Django's list of connections does not know, as the drill's target is).
TABLES = {
    "postgresql": "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()",
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
}
PG_BIN = Path(os.environ.get("AUDITPORTAL_PG_BIN", "/usr/lib/postgresql/15/bin"))
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says what to do."""


@dataclass(frozen=True)
class TableState:
    name: str
    rows: int
    digest: str


def table_states(connection=None) -> list[TableState]:
    """Each table's row count and a hash of its rows in order (every column, ascending)."""
    connection = connection or connections["default"]
    states = []
    with connection.cursor() as cursor:
        cursor.execute(TABLES[connection.vendor])
        for (table,) in sorted(cursor.fetchall()):
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted} LIMIT 0")  # noqa: S608 (names from the schema)
            order = ", ".join(str(n) for n in range(1, len(cursor.description) + 1))
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY {order}")  # noqa: S608
            digest, rows = hashlib.sha256(), 0
            for row in cursor.fetchall():
                digest.update(repr(tuple(_plain(value) for value in row)).encode())
                rows += 1
            states.append(TableState(table, rows, digest.hexdigest()))
    return states


def _plain(value):
    """Values as both databases give them back (memoryview, datetimes with zones)."""
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def fingerprint(states: list[TableState]) -> str:
    digest = hashlib.sha256()
    for state in states:
        digest.update(f"{state.name}:{state.rows}:{state.digest}\n".encode())
    return digest.hexdigest()


def file_digests(root: Path) -> dict[str, str]:
    """Every file under ``root`` by its relative path, with its SHA-256."""
    digests = {}
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digests[path.relative_to(root).as_posix()] = _sha256(path)
    return digests


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


# --- Database dumps --------------------------------------------------------------------


def _pg_environment(database: dict) -> dict:
    env = {**os.environ, "PGDATABASE": database["NAME"]}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if database.get(key):
            env[variable] = str(database[key])
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return env


def _pg_tool(name: str) -> str:
    path = PG_BIN / name
    if path.exists():
        return str(path)
    found = shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} (PostgreSQL 15's client tools) is not installed: install postgresql-15 "
            "or set AUDITPORTAL_PG_BIN to the folder that holds it."
        )
    return found


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[:500]}")


def dump_database(database: dict, target: Path) -> Path:
    if database["ENGINE"].endswith("postgresql"):
        path = target / "database.dump"
        _run([_pg_tool("pg_dump"), "-Fc", "--no-owner", "-f", str(path)], _pg_environment(database))
        return path
    path = target / "database.sqlite3"
    source = _sqlite(database["NAME"])
    copy = sqlite3.connect(path)
    try:
        source.backup(copy)  # a consistent copy even while the service writes
    finally:
        copy.close()
        source.close()
    return path


def load_database(database: dict, dumped: Path) -> None:
    if database["ENGINE"].endswith("postgresql"):
        if dumped.name != "database.dump":
            raise BackupError("This archive holds a SQLite database; restore it on SQLite.")
        _run(
            [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--exit-on-error",
             "-d", database["NAME"], str(dumped)],
            _pg_environment(database),
        )  # fmt: skip
        return
    if dumped.name != "database.sqlite3":
        raise BackupError("This archive holds a PostgreSQL dump; restore it on PostgreSQL.")
    source = sqlite3.connect(dumped)
    target = _sqlite(database["NAME"])
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _sqlite(name) -> sqlite3.Connection:
    """A connection to a SQLite file, or to the shared in-memory database the tests use."""
    return sqlite3.connect(str(name), uri=str(name).startswith("file:"))


# --- The archive -----------------------------------------------------------------------


def make_backup(output: Path, *, connection=None, media_root: Path | None = None) -> dict:
    """Write the archive; returns its manifest."""
    connection = connection or connections["default"]
    media_root = Path(media_root or settings.MEDIA_ROOT)
    database = connection.settings_dict
    states = table_states(connection)
    with tempfile.TemporaryDirectory(prefix="auditportal-backup-") as folder:
        dumped = dump_database(database, Path(folder))
        manifest = {
            "format": FORMAT,
            "made_at": timezone.now().isoformat(),
            "database": dumped.name,
            "database_sha256": _sha256(dumped),
            "fingerprint": fingerprint(states),
            "tables": {state.name: state.rows for state in states},
            "files": file_digests(media_root),
        }
        (Path(folder) / "manifest.json").write_text(json.dumps(manifest, indent=2))
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(Path(folder) / "manifest.json", "manifest.json")
            archive.add(dumped, dumped.name)
            if media_root.is_dir():
                archive.add(media_root, "media")
        partial.replace(output)  # never a half-written archive under the real name
    return manifest


@dataclass(frozen=True)
class Restored:
    manifest: dict
    seconds: float
    fingerprint: str


def restore_backup(
    archive_path: Path, *, connection=None, media_root: Path | None = None
) -> Restored:
    """Load the archive's database into ``connection``'s and its files into ``media_root``,
    replacing what is there, then check every file and the database against the manifest."""
    connection = connection or connections["default"]
    media_root = Path(media_root or settings.MEDIA_ROOT)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="auditportal-restore-") as folder:
        folder = Path(folder)
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(folder, filter="data")  # refuses absolute paths and links out
        manifest = json.loads((folder / "manifest.json").read_text())
        if manifest.get("format") != FORMAT:
            raise BackupError("This archive was made by another version of the backup format.")
        dumped = folder / manifest["database"]
        if _sha256(dumped) != manifest["database_sha256"]:
            raise BackupError("The archive's database does not match its manifest: it is damaged.")
        connection.close()
        load_database(connection.settings_dict, dumped)
        _replace_media(folder / "media", media_root)
    problems = [
        name
        for name, digest in manifest["files"].items()
        if not (media_root / name).is_file() or _sha256(media_root / name) != digest
    ]
    if problems:
        raise BackupError(
            f"{len(problems)} restored file(s) differ from the backup: {problems[:5]}"
        )
    seconds = time.perf_counter() - started
    return Restored(manifest, seconds, fingerprint(table_states(connection)))


def _replace_media(source: Path, media_root: Path) -> None:
    media_root.mkdir(parents=True, exist_ok=True)
    for child in media_root.iterdir():
        shutil.rmtree(child) if child.is_dir() else child.unlink()
    if source.is_dir():
        shutil.copytree(source, media_root, dirs_exist_ok=True)
