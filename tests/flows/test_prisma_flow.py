import asyncio
import csv
import xml.etree.ElementTree as ET

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

from flows.review import review


def _prisma_artifacts():
    async def read():
        async with get_client() as client:
            return await client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["prisma-counts"]))
            )

    return asyncio.run(read())


def test_the_review_pipeline_writes_the_prisma_outputs(review_dir):
    stages = review(review_dir=review_dir, offline=True)
    out = review_dir / "outputs"
    names = {p.name for p in out.iterdir()}
    assert {"prisma.csv", "prisma.svg", "prisma.png", "search_log.csv", "search_log.md"} <= names
    assert stages["prisma"]["problems"] == []
    rows = {r["data"]: r["n"] for r in csv.DictReader((out / "prisma.csv").open(encoding="utf-8"))}
    dedup = stages["deduplicate"]
    assert int(rows["database_results"]) == dedup["records"]
    assert int(rows["duplicates"]) == dedup["duplicates_removed"]
    assert int(rows["records_screened"]) == dedup["studies"]
    assert rows["database_specific_results"].startswith("PubMed, ")
    ET.parse(out / "prisma.svg")
    assert (out / "prisma.png").read_bytes()[:4] == b"\x89PNG"
    log = list(csv.DictReader((out / "search_log.csv").open(encoding="utf-8")))
    assert log[0]["source"] == "PubMed"
    assert log[0]["query_translation"]
    assert any("Records screened" in str(a.data) for a in _prisma_artifacts())
