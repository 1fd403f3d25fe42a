"""Set up and serve the local Superset dashboard over the published risk mart.

Runs with the BI virtualenv's Python (.venv-bi, made by `make bi`), never the
warehouse's: Superset's pins stay out of the warehouse. It drives Superset
through its own command line only:

    prepare   metadata database under the Superset home (db upgrade), admin
              user, roles (init), and the dashboard bundle of
              bi/superset/dashboard imported with the published DuckDB path
    serve     gunicorn on 127.0.0.1 (Superset's recommended server)
    up        prepare, then serve (what `make bi` runs)

The home defaults to data/superset (REDFLAGS_SUPERSET_HOME or --home); the
admin password comes from REDFLAGS_BI_PASSWORD, else from a random password
written once to <home>/admin_password.
"""
from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import zipfile
from pathlib import Path

BI_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BI_DIR.parent
CONFIG_PATH = BI_DIR / "superset" / "superset_config.py"
BUNDLE_DIR = BI_DIR / "superset" / "dashboard"
PUBLISHED_PLACEHOLDER = "__PUBLISHED_DUCKDB__"
ADMIN_USER = "admin"
DASHBOARD_SLUG = "redflags-risk"
# Characters that would end the path part of the SQLAlchemy URL.
URL_BREAKING = set("?#%")


def default_home() -> Path:
    return Path(os.environ.get("REDFLAGS_SUPERSET_HOME") or PROJECT_DIR / "data" / "superset").resolve()


def default_published() -> Path:
    publish_dir = os.environ.get("REDFLAGS_PUBLISH_DIR") or PROJECT_DIR / "data" / "published"
    return (Path(publish_dir) / "redflags.duckdb").resolve()


def superset_environment(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "SUPERSET_CONFIG_PATH": str(CONFIG_PATH),
        "REDFLAGS_SUPERSET_HOME": str(home),
        "SUPERSET_HOME": str(home),
        "FLASK_APP": "superset",
    }


def admin_password(home: Path) -> str:
    if os.environ.get("REDFLAGS_BI_PASSWORD"):
        return os.environ["REDFLAGS_BI_PASSWORD"]
    path = home / "admin_password"
    if not path.exists():
        home.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(18))
    return path.read_text().strip()


def _superset(home: Path, *arguments: str) -> str:
    """Run one superset command; its output, or a stop with the output when it fails."""
    executable = Path(sys.executable).with_name("superset")
    completed = subprocess.run([str(executable), *arguments], env=superset_environment(home),
                               capture_output=True, text=True)
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout + completed.stderr)
        raise SystemExit(f"superset {' '.join(arguments[:2])} failed (exit {completed.returncode}), output above")
    return completed.stdout + completed.stderr


def write_bundle(published: Path, destination: Path) -> Path:
    """Zip bi/superset/dashboard as Superset's import bundle, the database pointing at `published`."""
    if URL_BREAKING & set(str(published)):
        raise SystemExit(f"{published}: a path holding ? # or % cannot be a DuckDB URL; publish elsewhere")
    with zipfile.ZipFile(destination, "w") as bundle:
        for source in sorted(BUNDLE_DIR.rglob("*.yaml")):
            text = source.read_text()
            if source.parent.name == "databases":
                text = text.replace(PUBLISHED_PLACEHOLDER, str(published))
            bundle.writestr(f"redflags_dashboard/{source.relative_to(BUNDLE_DIR).as_posix()}", text)
    return destination


def prepare(published: Path, home: Path) -> None:
    if not published.is_file():
        raise SystemExit(f"no published mart at {published}: run `make demo` (or `redflags build`) first")
    home.mkdir(parents=True, exist_ok=True)
    password = admin_password(home)
    print(f"Superset home: {home}", flush=True)
    _superset(home, "db", "upgrade")
    created = _superset(home, "fab", "create-admin", "--username", ADMIN_USER, "--firstname", "Local",
                        "--lastname", "Analyst", "--email", "admin@localhost", "--password", password)
    if "already exists" in created:
        # create-admin leaves an existing user (and its password) alone: make
        # the password the one this run was given.
        _superset(home, "fab", "reset-password", "--username", ADMIN_USER, "--password", password)
    _superset(home, "init")
    bundle = write_bundle(published, home / "dashboard_bundle.zip")
    _superset(home, "import-dashboards", "--path", str(bundle), "--username", ADMIN_USER)
    print(f"dashboard imported over {published} (read-only)", flush=True)


def serve(home: Path, host: str, port: int) -> None:
    password_from = "$REDFLAGS_BI_PASSWORD" if os.environ.get("REDFLAGS_BI_PASSWORD") else home / "admin_password"
    print(f"Superset on http://{host}:{port}/superset/dashboard/{DASHBOARD_SLUG}/ "
          f"(user {ADMIN_USER}, password in {password_from}; Ctrl-C stops it)", flush=True)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    os.execve(str(gunicorn), [
        str(gunicorn), "--bind", f"{host}:{port}", "--workers", "1", "--worker-class", "gthread",
        "--threads", "8", "--timeout", "120", "--limit-request-line", "0", "--limit-request-field_size", "0",
        "superset.app:create_app()",
    ], superset_environment(home))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["prepare", "serve", "up"])
    parser.add_argument("--published", type=Path, default=None, help="published DuckDB file (default: $REDFLAGS_PUBLISH_DIR/redflags.duckdb)")
    parser.add_argument("--home", type=Path, default=None, help="Superset's metadata folder (default: data/superset)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("REDFLAGS_BI_PORT", "8088")))
    arguments = parser.parse_args(argv)
    home = (arguments.home or default_home()).resolve()
    if arguments.command in ("prepare", "up"):
        prepare((arguments.published or default_published()).resolve(), home)
    if arguments.command in ("serve", "up"):
        serve(home, arguments.host, arguments.port)


if __name__ == "__main__":
    main()
