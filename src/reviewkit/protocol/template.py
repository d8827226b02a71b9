"""The commented ``review.toml`` template that ``reviewkit init`` writes.

The template ships as package data (``reviewkit/templates/review.toml``); it is
copied byte for byte and never overwrites an existing protocol.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from reviewkit.errors import ConfigError
from reviewkit.protocol.loading import PROTOCOL_FILENAME

__all__ = ["write_template"]


def write_template(target_dir: Path) -> Path:
    """Write the commented ``review.toml`` template into ``target_dir`` (created if needed).

    Returns:
        The path of the new ``review.toml``.

    Raises:
        ConfigError: ``target_dir`` already has a ``review.toml`` (it is never
            overwritten) or cannot be written.
    """
    template = resources.files("reviewkit").joinpath("templates", PROTOCOL_FILENAME)
    target = target_dir / PROTOCOL_FILENAME
    try:
        content = template.read_bytes()
        target_dir.mkdir(parents=True, exist_ok=True)
        # Mode "x" makes the existence check and the creation one step.
        with target.open("xb") as out:
            out.write(content)
    except FileExistsError as exc:
        raise ConfigError(
            f"{target} already exists: edit it, or choose another folder for a new review"
        ) from exc
    except OSError as exc:
        raise ConfigError(f"cannot write the review template to {target}: {exc}") from exc
    return target
