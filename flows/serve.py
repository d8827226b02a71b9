"""Serve the ``review`` flow on the weekly schedule from ``review.toml``.

Needs a running Prefect server (schedules only run there, prefect.md T7):

    prefect server start &
    export PREFECT_API_URL=http://127.0.0.1:4200/api
    python -m flows.serve --review .      # or: reviewkit serve
"""

import argparse
from pathlib import Path

from prefect.schedules import Cron

from flows.review import review
from reviewkit.protocol import find_review_dir, load_protocol


def main(argv: list[str] | None = None) -> None:
    """Start serving the weekly deployment until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--review", type=Path, default=Path("."))
    parser.add_argument("--offline", action="store_true", help="serve the bundled snapshot")
    args = parser.parse_args(argv)
    root = find_review_dir(args.review)
    protocol = load_protocol(root / "review.toml")
    review.serve(
        name=f"{protocol.review.id}-weekly",
        schedules=[Cron(protocol.schedule.cron, timezone=protocol.schedule.timezone)],
        parameters={"review_dir": str(root), "offline": args.offline},
        pause_on_shutdown=False,  # stopping the server process must not pause the schedule
    )


if __name__ == "__main__":
    main()
