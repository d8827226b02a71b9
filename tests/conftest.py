"""Test-wide setup: Prefect must never phone home or write to ~/.prefect."""

import os
import tempfile

# Set before any test module imports prefect (prefect.md T8, T9).
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
if "PREFECT_HOME" not in os.environ:
    os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="reviewkit-prefect-")
for name in ("NCBI_EMAIL", "NCBI_API_KEY", "REVIEWKIT_EUTILS_URL", "REVIEWKIT_DATABASE_URL"):
    os.environ.pop(name, None)  # tests must never go live by accident

from tests.postgres_support import postgres_server, postgres_url  # noqa: E402

__all__ = ["postgres_server", "postgres_url"]
