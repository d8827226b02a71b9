"""The review protocol: what ``review.toml`` may contain, and how it is read.

A review folder holds one ``review.toml`` (the protocol: question, PICO, the
PubMed search and where the review's data live). This module owns its schema
(strict pydantic models: an unknown key is an error, so a typo cannot be
silently ignored), the loader, the search for the review folder and the
template written by ``reviewkit init``.

Every problem is raised as :class:`~reviewkit.errors.ConfigError` with a
message naming the file and the key. The only I/O is reading ``review.toml``
and writing the template; :func:`parse_protocol` is pure.
"""

from __future__ import annotations

import re
import tomllib
import zoneinfo
from collections.abc import Mapping
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    model_validator,
)

from reviewkit.errors import ConfigError

__all__ = [
    "DEFAULT_EXCLUSION_REASONS",
    "PROTOCOL_FILENAME",
    "Criteria",
    "Database",
    "Eligibility",
    "Extraction",
    "ImportSpec",
    "Outputs",
    "Pico",
    "Protocol",
    "PubmedSearch",
    "ReviewInfo",
    "Schedule",
    "Screening",
    "Search",
    "find_review_dir",
    "load_protocol",
    "parse_protocol",
    "write_template",
]

PROTOCOL_FILENAME = "review.toml"

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# E-utilities accept YYYY, YYYY/MM and YYYY/MM/DD for mindate/maxdate (NBK25499).
_NCBI_DATE = re.compile(r"^(\d{4})(?:/(\d{2})(?:/(\d{2}))?)?$")
# One cron field: numbers, names (MON, JAN), ranges, steps, lists and wildcards.
_CRON_FIELD = re.compile(r"^[0-9A-Za-z*?,/\-]+$")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def _check_slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise ValueError(
            f"expected a slug of lower-case letters, digits and single dashes, got {value!r}"
        )
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


def _date_to_ncbi(value: object) -> object:
    # TOML users naturally write `mindate = 1990` or `mindate = 2020-01-31`;
    # both are turned into the text form NCBI expects.
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.strftime("%Y/%m/%d")
    return value


def _bounds(value: str) -> tuple[date, date]:
    """First and last day covered by an NCBI date such as ``2020`` or ``2020/02``."""
    match = _NCBI_DATE.fullmatch(value)
    if match is None:
        raise ValueError(f"expected a date as YYYY, YYYY/MM or YYYY/MM/DD, got {value!r}")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None  # the pattern always captures the year
    try:
        if month is None:
            return date(year, 1, 1), date(year, 12, 31)
        if day is None:
            nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
            return date(year, month, 1), date.fromordinal(nxt.toordinal() - 1)
        exact = date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a calendar date ({exc})") from exc
    return exact, exact


def _check_ncbi_date(value: str) -> str:
    _bounds(value)
    return value


def _check_cron(value: str) -> str:
    fields = value.split()
    if len(fields) != 5:
        raise ValueError(
            "expected 5 cron fields (minute hour day-of-month month day-of-week), "
            f"got {len(fields)} in {value!r}"
        )
    for name, part in zip(
        ("minute", "hour", "day-of-month", "month", "day-of-week"), fields, strict=True
    ):
        if not _CRON_FIELD.fullmatch(part):
            raise ValueError(f"cron {name} field {part!r} has characters cron does not allow")
    return " ".join(fields)


def _check_timezone(value: str) -> str:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown IANA time zone {value!r} (e.g. 'UTC', 'Europe/Paris')") from exc
    return value


Slug = Annotated[str, AfterValidator(_check_slug)]
Text = Annotated[str, AfterValidator(_not_blank)]
NcbiDate = Annotated[str, BeforeValidator(_date_to_ncbi), AfterValidator(_check_ncbi_date)]


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ReviewInfo(_Section):
    """``[review]``: which review this is."""

    id: Slug
    title: Text
    question: Text


class Pico(_Section):
    """``[pico]``: the eligibility frame (population, intervention, comparator, outcomes)."""

    population: Text
    intervention: Text
    comparator: Text
    outcomes: tuple[Text, ...] = Field(min_length=1)
    study_designs: tuple[Text, ...] = Field(min_length=1)


class PubmedSearch(_Section):
    """``[search.pubmed]``: the PubMed query and the limits of each refresh."""

    query: Text
    datetype: Literal["pdat", "edat", "mdat"] = "pdat"
    mindate: NcbiDate
    maxdate: NcbiDate | None = None
    batch_size: int = Field(default=500, ge=50, le=10_000)
    overlap_days: int = Field(default=7, ge=0)
    incremental_datetype: Literal["mdat", "edat"] = "mdat"

    @model_validator(mode="after")
    def _dates_in_order(self) -> PubmedSearch:
        if self.maxdate is not None and _bounds(self.mindate)[0] > _bounds(self.maxdate)[1]:
            raise ValueError(f"mindate {self.mindate!r} is after maxdate {self.maxdate!r}")
        return self

    def date_range(self, *, today: date) -> tuple[str, str]:
        """Return ``(mindate, maxdate)`` for ESearch; an unset maxdate becomes ``today``.

        >>> PubmedSearch(query="x", mindate="1990").date_range(today=date(2025, 3, 1))
        ('1990', '2025/03/01')
        """
        return self.mindate, self.maxdate or today.strftime("%Y/%m/%d")


class Search(_Section):
    """``[search]``: one table per source (only PubMed so far)."""

    pubmed: PubmedSearch


class Database(_Section):
    """``[database]``: where the review database and the raw archive live."""

    path: Text = "review-data/review.sqlite"
    raw_dir: Text = "review-data/raw"


class Schedule(_Section):
    """``[schedule]``: when the refresh deployment runs."""

    cron: Annotated[str, AfterValidator(_check_cron)] = "0 3 * * 1"
    timezone: Annotated[str, AfterValidator(_check_timezone)] = "UTC"


class Outputs(_Section):
    """``[outputs]``: where derived files (tables, PRISMA counts) are written."""

    dir: Text = "outputs"


class ImportSpec(_Section):
    """One ``[[imports]]`` entry: an export from another database, imported by ``run``.

    ``path`` is relative to the review folder; ``searched`` is the day the search was
    run in that database; ``format`` is detected from the file when left out.
    ``platform``, the search strategy (``query`` inline, or ``query_file`` relative to
    the review folder) and ``limits`` go into the PRISMA-S search log (items 1, 8, 9).
    """

    path: Text
    source: Slug
    searched: date | None = None
    format: Literal["ris", "medline", "bibtex", "csv", "endnote-xml", "wos"] | None = None
    platform: Text | None = None
    query: Text | None = None
    query_file: Text | None = None
    limits: Text | None = None

    @model_validator(mode="after")
    def _one_strategy(self) -> ImportSpec:
        if self.query is not None and self.query_file is not None:
            raise ValueError(
                f"the entry for {self.path!r} has both query and query_file: give the search "
                "strategy inline (query) or in a file (query_file), not both"
            )
        return self


# Reasons a study can be excluded at screening (PRISMA 2020 item 16a counts them).
DEFAULT_EXCLUSION_REASONS = (
    "wrong population", "wrong intervention", "wrong comparator", "wrong outcome",
    "wrong study design", "not primary research", "duplicate report",
    "full text not retrievable", "other",
)  # fmt: skip


def _unique(values: tuple[str, ...]) -> tuple[str, ...]:
    repeated = sorted({v for v in values if values.count(v) > 1})
    if repeated:
        raise ValueError(f"listed more than once: {', '.join(repeated)}")
    return values


class Criteria(_Section):
    """Include and exclude criteria for one PICO element."""

    include: tuple[Text, ...] = ()
    exclude: tuple[Text, ...] = ()


class Eligibility(_Section):
    """``[eligibility]``: criteria per PICO element and the exclusion reasons reviewers pick."""

    reasons: Annotated[tuple[Text, ...], AfterValidator(_unique)] = Field(
        default=DEFAULT_EXCLUSION_REASONS, min_length=1
    )
    population: Criteria = Criteria()
    intervention: Criteria = Criteria()
    comparator: Criteria = Criteria()
    outcomes: Criteria = Criteria()
    study_design: Criteria = Criteria()


class Screening(_Section):
    """``[screening]``: the reviewers and how studies are shared between them."""

    reviewers: Annotated[tuple[Slug, ...], AfterValidator(_unique)] = Field(
        default=("reviewer-a", "reviewer-b"), min_length=2
    )
    assignment: Literal["dual", "split"] = "dual"
    calibration: int = Field(default=20, ge=0)


class Extraction(_Section):
    """``[extraction]``: the form, double or single-verified extraction, and who extracts."""

    form: str = "extraction_forms/microneedling_hair_loss.yaml"
    # double: two reviewers extract independently, then agree (consensus entries);
    # single-verified: the first reviewer extracts, the second checks and corrects.
    mode: Literal["double", "single-verified"] = "double"
    reviewers: Annotated[tuple[Slug, ...], AfterValidator(_unique)] = Field(
        default=("reviewer-a", "reviewer-b"), min_length=1
    )

    @model_validator(mode="after")
    def _two_for_double(self) -> Extraction:
        if self.mode == "double" and len(self.reviewers) < 2:
            raise ValueError("double extraction needs at least two reviewers")
        return self


class Protocol(_Section):
    """A whole ``review.toml``; :attr:`path` is the file it was read from, if any."""

    review: ReviewInfo
    pico: Pico
    search: Search
    database: Database = Database()
    schedule: Schedule = Schedule()
    outputs: Outputs = Outputs()
    imports: tuple[ImportSpec, ...] = ()
    eligibility: Eligibility = Eligibility()
    screening: Screening = Screening()
    extraction: Extraction = Extraction()

    _path: Path | None = PrivateAttr(default=None)

    @property
    def path(self) -> Path | None:
        """The ``review.toml`` this protocol was loaded from (``None`` if parsed from text)."""
        return self._path

    def _base(self, review_dir: Path | None) -> Path:
        if review_dir is not None:
            return review_dir
        if self._path is None:
            raise ConfigError(
                "the protocol was not loaded from a file: pass the review folder explicitly"
            )
        return self._path.parent

    def database_path(self, review_dir: Path | None = None) -> Path:
        """Return the database file; a relative ``[database] path`` is under the review folder."""
        return self._base(review_dir) / self.database.path

    def raw_dir(self, review_dir: Path | None = None) -> Path:
        """Return the folder of verbatim search responses."""
        return self._base(review_dir) / self.database.raw_dir

    def outputs_dir(self, review_dir: Path | None = None) -> Path:
        """Return the folder for derived outputs."""
        return self._base(review_dir) / self.outputs.dir

    def form_path(self, review_dir: Path | None = None) -> Path:
        """Return the extraction form definition; a relative path is under the review folder."""
        return self._base(review_dir) / self.extraction.form


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
