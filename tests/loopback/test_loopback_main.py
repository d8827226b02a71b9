"""``python -m reviewkit.loopback``: the standalone server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from reviewkit.loopback.__main__ import main

DATA = Path(__file__).parent.parent / "data" / "loopback"


def test_main_serves_a_corpus_until_stopped(capsys: pytest.CaptureFixture[str]) -> None:
    stop = threading.Event()
    codes: list[int] = []
    argv = [
        "--corpus",
        str(DATA / "pubmed1.xml"),
        "--corpus",
        str(DATA / "pubmed2.xml"),
        "--port",
        "0",
        "--latency",
        "0.01",
        "--no-rate-limit",
    ]
    thread = threading.Thread(target=lambda: codes.append(main(argv, stop=stop)))
    thread.start()
    try:
        url = ""
        deadline = time.monotonic() + 10
        while not url and time.monotonic() < deadline:
            url = capsys.readouterr().out.strip()
            time.sleep(0.02)
        assert url.startswith("http://127.0.0.1:")
        assert url.endswith("/entrez/eutils/")
        response = requests.get(url + "esearch.fcgi", params={"term": "12091962[uid]"}, timeout=10)
        assert "<Id>12091962</Id>" in response.text
    finally:
        stop.set()
        thread.join(timeout=10)
    assert codes == [0]


def test_main_reports_a_missing_corpus(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["--corpus", str(tmp_path / "nope.xml"), "--port", "0"]) == 1
    assert "nope.xml" in capsys.readouterr().err


def test_main_needs_a_source() -> None:
    with pytest.raises(SystemExit):
        main(["--port", "0"])


def test_module_runs_standalone_and_stops_on_sigterm() -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    with subprocess.Popen(
        [sys.executable, "-m", "reviewkit.loopback", "--synthetic", "25", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as process:
        try:
            assert process.stdout is not None
            url = process.stdout.readline().strip()
            assert url.startswith("http://127.0.0.1:")
            response = requests.get(url + "einfo.fcgi", params={"db": "pubmed"}, timeout=10)
            assert "<Count>25</Count>" in response.text
        finally:
            process.send_signal(signal.SIGTERM)
            _, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
