"""Output files never destroy what they point at (issue 22, item 1).

A symlink is written through to its target, a device or FIFO is streamed to
and stays what it was, ``-`` is standard output, and a failed write says so
with a non-zero exit instead of "wrote".
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from kg.errors import OutputError
from kg.files import write_atomic


def test_symlink_is_written_through_to_its_target(cli, tmp_path: Path):
    real = tmp_path / "real.ttl"
    real.write_text("old")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    result = cli("export", "--format", "nt", "--output", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert "<https://w3id.org/anatomy-kg/id/soleus>" in real.read_text()


def test_fifo_is_streamed_to_and_stays_a_fifo(cli, tmp_path: Path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = cli("export", "--format", "nt", "--output", str(fifo))
    reader.join(timeout=120)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert b"anatomy-kg/id/soleus" in received[0]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
def test_full_device_gives_an_error_and_stays_a_device(cli):
    result = cli("export", "--format", "nt", "--output", "/dev/full")
    assert result.returncode != 0
    assert "wrote" not in result.stderr
    assert "cannot write /dev/full" in result.stderr
    assert "Traceback" not in result.stderr
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_dash_is_standard_output(cli):
    result = cli("export", "--format", "nt", "--output", "-")
    assert result.returncode == 0, result.stderr
    assert "anatomy-kg/id/soleus" in result.stdout


def test_regular_file_keeps_its_permissions_and_is_replaced_whole(tmp_path: Path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    target.chmod(0o600)

    def fail(handle):
        handle.write(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="No space left"):
        write_atomic(target, fail)
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind
    write_atomic(target, lambda handle: handle.write(b"new"))
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
