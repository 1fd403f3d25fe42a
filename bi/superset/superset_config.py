"""Superset settings for the local redflags dashboard (SUPERSET_CONFIG_PATH points here).

Everything Superset keeps lives under REDFLAGS_SUPERSET_HOME (default
data/superset in this project): its metadata database and the secret key. The
key comes from SUPERSET_SECRET_KEY when set, else from a random key generated
once into <home>/secret_key, so no secret is committed. The analytics data is
the published DuckDB copy, registered read-only by bi/superset_local.py.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
SUPERSET_HOME = Path(os.environ.get("REDFLAGS_SUPERSET_HOME") or PROJECT_DIR / "data" / "superset").resolve()
SUPERSET_HOME.mkdir(parents=True, exist_ok=True)


def _local_secret(name: str) -> str:
    """A random secret kept in <home>/<name>, readable by its owner only, made on first use."""
    path = SUPERSET_HOME / name
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(42))
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SUPERSET_SECRET_KEY") or _local_secret("secret_key")
SQLALCHEMY_DATABASE_URI = f"sqlite:///{SUPERSET_HOME / 'superset.db'}?check_same_thread=false"
DATA_DIR = str(SUPERSET_HOME)
UPLOAD_FOLDER = str(SUPERSET_HOME / "uploads")

# The page loads nothing from outside this server: Superset's default policy
# also allows map tiles, web fonts and a usage-tracking pixel, which would tell
# third parties that someone here is reading a trafficking risk mart.
TALISMAN_ENABLED = True
TALISMAN_CONFIG = {
    "content_security_policy": {
        "base-uri": ["'self'"],
        "default-src": ["'self'"],
        "img-src": ["'self'", "blob:", "data:"],
        "worker-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "object-src": "'none'",
        "style-src": ["'self'", "'unsafe-inline'"],
        "font-src": ["'self'", "data:"],
        "script-src": ["'self'", "'strict-dynamic'"],
    },
    "content_security_policy_nonce_in": ["script-src"],
    "force_https": False,
    "session_cookie_secure": False,
}
