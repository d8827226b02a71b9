import asyncio
from pathlib import Path

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

import flows.evidence as evidence_flow
from flows.evidence import evidence

FORM = Path(__file__).resolve().parents[2] / "extraction_forms" / "microneedling_hair_loss.yaml"


def _artifacts(key):
    async def read():
        async with get_client() as client:
            return await client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key]))
            )

    return asyncio.run(read())


def test_nothing_is_written_before_any_extraction_is_imported(review_dir):
    result = evidence(review_dir=review_dir)
    assert result == {"line": "no extraction imported yet", "rows": {}, "files": []}
    assert not (review_dir / "outputs" / "evidence_tables.xlsx").exists()


def test_tables_are_written_and_published_once_extraction_started(review_dir, monkeypatch):
    text = (review_dir / "review.toml").read_text(encoding="utf-8")
    text = text.replace(
        'form = "extraction_forms/microneedling_hair_loss.yaml"', f'form = "{FORM.as_posix()}"'
    )
    (review_dir / "review.toml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(evidence_flow, "extraction_started", lambda db: True)
    result = evidence(review_dir=review_dir)
    assert result["rows"] == {"characteristics": 0, "outcomes": 0, "summary": 0}
    assert (review_dir / "outputs" / "evidence_tables.docx").is_file()
    assert len(result["files"]) == 8
    assert _artifacts("evidence-characteristics")
