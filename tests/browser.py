"""Headless Chromium for the tests: pages open with the network dead but for loopback."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# CI installs Chromium and sets this, so there the browser tests can never be skipped.
REQUIRED = os.environ.get("AKG_REQUIRE_BROWSER") == "1"


def chromium(url: str, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    """Open ``url`` (a file: or loopback http: address) in headless Chromium."""
    if CHROMIUM is None:
        if REQUIRED:
            pytest.fail("Chromium is required (AKG_REQUIRE_BROWSER=1) but not installed")
        pytest.skip("Chromium is not installed (CI installs it: see .ci/run)")
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        # no network at all: every host but loopback fails to resolve, every proxy is dead
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--proxy-server=http://127.0.0.1:9",
        "--proxy-bypass-list=<-loopback>;127.0.0.1",
        "--virtual-time-budget=20000",
        "--window-size=1280,860",
    ]
    return subprocess.run(
        [CHROMIUM, *flags, *extra, url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
