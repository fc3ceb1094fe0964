"""The image's layout as its runtime user: the store built by root in the build stage, its
directory handed to uid 10001 as the Dockerfile's `COPY --chown` does, then read and rebuilt
(/reload) by that user. As root the child drops to uid 10001 (after its imports, since the
interpreter may live where that user cannot read); otherwise it runs as the current user."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge import SOURCES_DIR

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_UID = 10001
CHILD = """
import json, os, sys
from pathlib import Path
from bot.telegram.app import reloader
from knowledge.store import Store
db, sources, uid = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
if os.getuid() != uid:
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
store = Store(db)
roles = len(store.roles())
store.close()
engine = reloader(db, sources)()
print(json.dumps({"uid": os.getuid(), "roles": roles, "reloaded": len(engine.store.roles())}))
"""


def test_the_dockerfile_gives_the_store_to_the_runtime_user() -> None:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert f"USER {RUNTIME_UID}" in text
    assert "--uid 10001" in text
    assert "COPY --from=build --chown=10001:10001 /opt/careerbot /opt/careerbot" in text
    assert "CAREERBOT_DB=/opt/careerbot/knowledge.sqlite3" in text


@pytest.fixture
def image_root() -> Iterator[Path]:
    """A directory every user can enter (pytest's tmp_path is private to its owner)."""
    root = Path(tempfile.mkdtemp(prefix="careerbot-image-"))
    root.chmod(0o755)
    yield root
    shutil.rmtree(root, ignore_errors=True)


def test_the_runtime_user_reads_the_store_and_reload_rebuilds_it(
    image_root: Path, store_path: Path
) -> None:
    store_dir = image_root / "opt" / "careerbot"
    store_dir.mkdir(parents=True)
    (image_root / "opt").chmod(0o755)
    db = store_dir / "knowledge.sqlite3"
    shutil.copyfile(store_path, db)  # the build stage, as root: `careerbot build`
    db.chmod(0o600)  # ... the worst case: a store only its builder may read
    sources = image_root / "site-packages" / "knowledge"
    shutil.copytree(SOURCES_DIR, sources, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    for path in [image_root / "site-packages", *sources.rglob("*"), sources]:
        path.chmod(0o755 if path.is_dir() else 0o644)  # pip installs readable for all
    uid = RUNTIME_UID if os.getuid() == 0 else os.getuid()
    if os.getuid() == 0:
        for path in (store_dir, db):
            os.chown(path, RUNTIME_UID, RUNTIME_UID)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(db), str(sources), str(uid)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert result == {"uid": uid, "roles": result["reloaded"], "reloaded": result["roles"]}
    assert result["roles"] >= 7
    assert db.stat().st_uid == uid, "the rebuilt store belongs to the runtime user"
