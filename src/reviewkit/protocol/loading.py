"""Reading ``review.toml``: TOML and schema errors as located messages, and finding the file.

Every problem is raised as :class:`~reviewkit.errors.ConfigError` naming the
file and, for a TOML syntax error, the line and column; a schema problem names
the TOML table and key (``[search.pubmed] query: field required``), one line
per problem. :func:`parse_protocol` is pure; :func:`load_protocol` and
:func:`find_review_dir` read the file system.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from reviewkit.errors import ConfigError
from reviewkit.protocol.model import Protocol

__all__ = ["PROTOCOL_FILENAME", "find_review_dir", "load_protocol", "parse_protocol"]

PROTOCOL_FILENAME = "review.toml"

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def _field_is_section(loc: tuple[int | str, ...]) -> bool:
    """Whether ``loc`` names a whole table of the protocol (e.g. ``search.pubmed``)."""
    model: type[BaseModel] = Protocol
    for i, part in enumerate(loc):
        info = model.model_fields.get(str(part))
        if info is None:
            return False
        annotation = info.annotation
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return False
        if i == len(loc) - 1:
            return True
        model = annotation
    return False


def _describe(error: Mapping[str, Any]) -> str:
    """One pydantic error as ``[search.pubmed] query: field required``."""
    loc: tuple[int | str, ...] = tuple(error["loc"])
    kind = error["type"]
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind == "missing" and _field_is_section(loc):
        return f"[{'.'.join(map(str, loc))}]: section missing"
    if kind == "missing":
        message = "field required"
    elif kind == "extra_forbidden":
        message = "unknown key (a typo? see the review.toml template for the keys allowed)"
    # Split the location into the TOML table and the key inside it.
    names = [str(p) for p in loc if not isinstance(p, int)]
    split = len(names)
    while split > 0 and not _field_is_section(tuple(names[:split])):
        split -= 1
    table, rest = names[:split], loc[split:]
    prefix = f"[{'.'.join(table)}] " if table else ""
    if not rest:
        return f"{prefix}{message}"
    key = str(rest[0]) + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in rest[1:])
    return f"{prefix}{key}: {message}"


def parse_protocol(text: str, *, origin: str = PROTOCOL_FILENAME) -> Protocol:
    """Parse the text of a ``review.toml``.

    Args:
        text: the TOML document.
        origin: how to name the file in error messages.

    Raises:
        ConfigError: on a TOML syntax error (``origin:line:col: message``) or when
            the content does not fit the schema (one line per problem).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _TOML_POSITION.search(message)
        if position is not None:
            where = f"{origin}:{position.group(1)}:{position.group(2)}"
            message = message[: position.start()]
        else:
            where = origin
        raise ConfigError(f"{where}: invalid TOML: {message}") from exc
    try:
        return Protocol.model_validate(data)
    except ValidationError as exc:
        lines = [f"{origin}: {_describe(err)}" for err in exc.errors()]
        raise ConfigError("\n".join(lines)) from exc


def load_protocol(path: Path) -> Protocol:
    """Read and validate a ``review.toml``, given as the file or as its folder.

    Raises:
        ConfigError: the file is missing or unreadable, or :func:`parse_protocol` failed.
    """
    # A folder (existing or not) means the review.toml inside it.
    is_file = path.suffix == ".toml" and not path.is_dir()
    file = path if is_file else path / PROTOCOL_FILENAME
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        folder = file.parent
        raise ConfigError(
            f"{file.name} not found in {folder}: run `reviewkit init {folder}` "
            "or pass --review PATH"
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file}: cannot be read as UTF-8 text: {exc}") from exc
    protocol = parse_protocol(text, origin=str(file))
    protocol._path = file
    return protocol


def find_review_dir(start: Path) -> Path:
    """Return the nearest folder, from ``start`` upwards, that holds a ``review.toml``.

    Raises:
        ConfigError: no folder from ``start`` up to the file-system root has one.
    """
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / PROTOCOL_FILENAME).is_file():
            return folder
    raise ConfigError(
        f"no {PROTOCOL_FILENAME} in {here} or any folder above it: "
        f"run `reviewkit init {here}` or pass --review PATH"
    )
