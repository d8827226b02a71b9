import asyncio

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

from flows.review import review
from flows.screening import screening


def _queue_artifacts():
    async def read():
        async with get_client() as client:
            return await client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["screening-queue"]))
            )

    return asyncio.run(read())


def test_the_review_pipeline_ends_with_the_new_studies_waiting_for_screening(review_dir):
    stages = review(review_dir=review_dir, offline=True)
    first = stages["screening"]
    studies = stages["deduplicate"]["studies"]
    assert len(first["waiting"]) == studies
    assert first["assigned"] == {"title-abstract": 2 * studies, "full-text": 0}
    assert first["line"].startswith(f"{studies} new studies waiting for screening")
    markdowns = [a.data for a in _queue_artifacts()]
    assert any(f"| {first['waiting'][0]['study_id']} |" in m for m in markdowns)
    # A second run finds nothing new: nothing goes to reviewers twice.
    again = screening(review_dir=review_dir)
    assert (again["waiting"], again["assigned"]) == ([], {"title-abstract": 0, "full-text": 0})
    assert any("No new studies since the last run." in a.data for a in _queue_artifacts())
