from reviewkit.report import refresh_markdown, run_line


def test_markdown_lists_the_counts_and_skips_missing_values():
    text = refresh_markdown(
        {
            "id": 4,
            "status": "succeeded",
            "mode": "full",
            "query": "a AND b",
            "query_translation": '"a"[All Fields]',
            "count": 15,
            "fetched": 15,
            "new": 15,
            "updated": 0,
            "requests": 4,
            "duration_s": 1.5,
            "window_start": "1990-01-01",
            "window_end": "2026-11-27",
            "datetype": "pdat",
        }
    )
    assert "| Count | 15 |" in text
    assert "| Requests | 4 |" in text
    assert "| Window | pdat 1990-01-01 to 2026-11-27 |" in text
    assert "Error" not in text


def test_run_line_carries_the_error():
    line = run_line(
        {
            "id": 3,
            "status": "failed",
            "mode": "full",
            "count": 9,
            "fetched": 4,
            "new": 4,
            "updated": 0,
            "error": "boom",
        }
    )
    assert line.endswith("— boom")
