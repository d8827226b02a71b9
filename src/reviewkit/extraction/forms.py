"""Extraction form definitions: strict pydantic models parsed from YAML.

A form is data (``extraction_forms/*.yaml``): an id, a version and sections of
typed fields. A section is either study-level (one row per study) or a
repeating group: ``arm`` (one row per arm), ``outcome`` (one row per outcome ×
timepoint) or ``result`` (one row per outcome × timepoint × arm). Field keys are
unique across the whole form, so a row's values, its parent rows' values and the
study-level values can share one flat mapping.

Every problem in a definition becomes a :class:`~reviewkit.errors.FormError`
naming the YAML line, found by walking yaml's node tree along pydantic's error
location.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator
from pydantic import Field as PydField

from reviewkit.errors import FormError

__all__ = [
    "FIELD_TYPES",
    "ROW_KEYS",
    "Derivation",
    "Field",
    "FieldType",
    "Form",
    "Outcome",
    "Repeat",
    "Section",
    "load_form",
    "parse_form",
]

FieldType = Literal[
    "text",
    "long_text",
    "integer",
    "number_with_unit",
    "single_choice",
    "multiple_choice",
    "yes_no_unclear",
    "date",
]
FIELD_TYPES: tuple[str, ...] = get_args(FieldType)
Repeat = Literal["arm", "outcome", "result"]

#: The columns that key a row of each kind of section (``None``: study-level).
ROW_KEYS: dict[Repeat | None, tuple[str, ...]] = {
    None: ("study_id",),
    "arm": ("study_id", "arm"),
    "outcome": ("study_id", "outcome", "timepoint"),
    "result": ("study_id", "outcome", "timepoint", "arm"),
}
# A condition may look at fields of its own row or of the rows it belongs to.
_VISIBLE_FROM: dict[Repeat | None, frozenset[Repeat | None]] = {
    None: frozenset({None}),
    "arm": frozenset({None, "arm"}),
    "outcome": frozenset({None, "outcome"}),
    "result": frozenset({None, "arm", "outcome", "result"}),
}
_KEY = r"^[a-z][a-z0-9_]*$"
_NUMERIC = frozenset({"integer", "number_with_unit"})
_TEXT = frozenset({"text", "long_text"})
_CHOICE = frozenset({"single_choice", "multiple_choice"})

ConditionValue = str | int | float | bool


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")  # a typo is an error, not ignored


class Derivation(_Strict):
    """How a derived (computed, never typed in) field gets its value."""

    rule: Literal["rob2_overall"]
    domains: tuple[str, ...] = PydField(min_length=1)
    #: Key of the reviewer's yes/no/unclear flag "several 'some concerns' amount to high".
    escalate: str | None = None


class Field(_Strict):
    """One question of the form, with its type and rules."""

    key: str = PydField(pattern=_KEY)
    label: str = PydField(min_length=1)
    type: FieldType
    help: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    unit: str | None = None
    max_length: int | None = PydField(default=None, ge=1)
    #: Shown only when every named field has the value (or one of the values) given.
    show_if: dict[str, ConditionValue | tuple[ConditionValue, ...]] | None = None
    #: Keys this field had in earlier versions of the form (declared renames).
    renamed_from: tuple[str, ...] = ()
    derived: Derivation | None = None

    @model_validator(mode="before")
    @classmethod
    def _one_name_is_a_list(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("renamed_from"), str):
            return {**data, "renamed_from": (data["renamed_from"],)}
        return data

    @model_validator(mode="after")
    def _rules_fit_the_type(self) -> Field:
        checks = (
            (self.type in _CHOICE, bool(self.choices), "choices"),
            (self.type == "number_with_unit", self.unit is not None, "unit"),
        )
        for needed, present, name in checks:
            if needed and not present:
                raise ValueError(f"a {self.type} field needs '{name}'")
            if present and not needed:
                raise ValueError(f"'{name}' does not apply to a {self.type} field")
        if self.type not in _NUMERIC and (self.minimum is not None or self.maximum is not None):
            raise ValueError(f"'minimum'/'maximum' do not apply to a {self.type} field")
        if self.type not in _TEXT and self.max_length is not None:
            raise ValueError(f"'max_length' does not apply to a {self.type} field")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError(f"minimum {self.minimum:g} is above maximum {self.maximum:g}")
        if len({c.casefold() for c in self.choices}) != len(self.choices):
            raise ValueError("choices repeat (ignoring case)")
        if self.derived is not None and self.required:
            raise ValueError("a derived field is computed, so it cannot be 'required'")
        return self


class Section(_Strict):
    """A titled group of fields; ``repeat`` makes it a repeating group."""

    key: str = PydField(pattern=_KEY)
    title: str = PydField(min_length=1)
    help: str = ""
    repeat: Repeat | None = None
    fields: tuple[Field, ...] = PydField(min_length=1)

    @property
    def row_keys(self) -> tuple[str, ...]:
        """The columns that identify one row of this section."""
        return ROW_KEYS[self.repeat]


class Outcome(_Strict):
    """An outcome the form asks about; rows of ``outcome`` sections name one."""

    key: str = PydField(pattern=_KEY)
    label: str = PydField(min_length=1)
    kind: Literal["continuous", "dichotomous", "ordinal", "descriptive"]
    unit: str = ""
    help: str = ""


class _Issue(ValueError):
    """A cross-field problem that knows where in the document it is."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc


class Form(_Strict):
    """A versioned extraction form."""

    id: str = PydField(pattern=r"^[a-z][a-z0-9_-]*$")
    version: int = PydField(ge=1)
    title: str = PydField(min_length=1)
    help: str = ""
    outcomes: tuple[Outcome, ...] = ()
    timepoints: tuple[str, ...] = ()
    sections: tuple[Section, ...] = PydField(min_length=1)

    @model_validator(mode="after")
    def _cross_checks(self) -> Form:
        for loc, message in _issues(self):
            raise _Issue(loc, message)
        return self

    @property
    def fields(self) -> tuple[Field, ...]:
        """Every field, in form order."""
        return tuple(f for s in self.sections for f in s.fields)

    @property
    def groups(self) -> tuple[Section, ...]:
        """The repeating groups (sections with ``repeat``)."""
        return tuple(s for s in self.sections if s.repeat is not None)

    def field(self, key: str) -> Field:
        """The field called ``key``; ``KeyError`` if there is none."""
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    def section_of(self, key: str) -> Section:
        """The section holding field ``key``; ``KeyError`` if there is none."""
        for s in self.sections:
            if any(f.key == key for f in s.fields):
                return s
        raise KeyError(key)

    def summary(self) -> str:
        """One line: ``form ID version N: S sections, F fields, G repeating groups``."""
        return (
            f"form {self.id} version {self.version}: {len(self.sections)} sections, "
            f"{len(self.fields)} fields, {len(self.groups)} repeating groups"
        )


def _located_fields(form: Form) -> Iterator[tuple[tuple[str | int, ...], Section, Field]]:
    for s_index, section in enumerate(form.sections):
        for f_index, field in enumerate(section.fields):
            yield ("sections", s_index, "fields", f_index), section, field


def _issues(form: Form) -> Iterator[tuple[tuple[str | int, ...], str]]:
    where: dict[str, Section] = {}
    fields: dict[str, Field] = {}
    reserved = {k for keys in ROW_KEYS.values() for k in keys}
    for loc, section, field in _located_fields(form):
        if field.key in fields:
            yield (*loc, "key"), f"field key '{field.key}' is used twice"
        if field.key in reserved:
            yield (*loc, "key"), f"'{field.key}' is a row key column, not a field key"
        where[field.key], fields[field.key] = section, field
    section_keys = [s.key for s in form.sections]
    for index, key in enumerate(section_keys):
        if key in section_keys[:index]:
            yield ("sections", index, "key"), f"section key '{key}' is used twice"
    for loc, section, field in _located_fields(form):
        yield from _field_issues(loc, section, field, where, fields)


def _field_issues(
    loc: tuple[str | int, ...],
    section: Section,
    field: Field,
    where: dict[str, Section],
    fields: dict[str, Field],
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    for target in field.show_if or {}:
        if target not in where:
            yield (*loc, "show_if", target), f"show_if names no field '{target}'"
        elif target == field.key:
            yield (*loc, "show_if", target), "a field cannot depend on itself"
        elif where[target].repeat not in _VISIBLE_FROM[section.repeat]:
            yield (
                (*loc, "show_if", target),
                (
                    f"show_if field '{target}' is in section '{where[target].key}', "
                    f"which rows of section '{section.key}' cannot see"
                ),
            )
    for old in field.renamed_from:
        if old in fields:
            yield (*loc, "renamed_from"), f"renamed_from '{old}' is still a field of this form"
    if field.derived is not None:
        yield from _derivation_issues((*loc, "derived"), field.derived, fields)


def _derivation_issues(
    loc: tuple[str | int, ...], derivation: Derivation, fields: dict[str, Field]
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    for index, key in enumerate(derivation.domains):
        if key not in fields or fields[key].type != "single_choice":
            yield (*loc, "domains", index), f"domain '{key}' is not a single_choice field"
    flag = derivation.escalate
    if flag is not None and (flag not in fields or fields[flag].type != "yes_no_unclear"):
        yield (*loc, "escalate"), f"escalate '{flag}' is not a yes_no_unclear field"


def parse_form(text: str, *, origin: str = "<string>") -> Form:
    """Parse a YAML form definition; every problem becomes a ``FormError`` naming its line.

    >>> parse_form("id: x\\nversion: 1\\ntitle: X\\nsections: []", origin="x.yaml")
    Traceback (most recent call last):
    reviewkit.errors.FormError: x.yaml, line 4: sections: Tuple should have at least 1 item \
after validation, not 0
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise FormError(f"{origin}{_yaml_problem(exc)}") from exc
    if not isinstance(root, yaml.MappingNode):
        raise FormError(f"{origin}, line 1: expected a mapping with id, version, title, sections")
    _refuse_duplicate_keys(root, origin)
    try:
        return Form.model_validate(data)
    except ValidationError as exc:
        raise FormError(_describe(exc, root, origin)) from exc


def load_form(path: Path) -> Form:
    """Read and parse the form definition at ``path`` (the module's only I/O)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FormError(f"{path}: cannot read the form definition: {exc.strerror}") from exc
    return parse_form(text, origin=str(path))


def _yaml_problem(exc: yaml.YAMLError) -> str:
    if not isinstance(exc, yaml.MarkedYAMLError) or exc.problem_mark is None:
        return f": malformed YAML: {exc}"
    text = f", line {exc.problem_mark.line + 1}: malformed YAML: {exc.problem}"
    if exc.context is not None and exc.context_mark is not None:
        text += f" ({exc.context} at line {exc.context_mark.line + 1})"
    return text


def _refuse_duplicate_keys(node: yaml.Node, origin: str) -> None:
    # safe_load silently keeps the last of two equal keys; a form must not.
    if isinstance(node, yaml.MappingNode):
        seen: set[object] = set()
        for key, value in node.value:
            if key.value in seen:
                line = key.start_mark.line + 1
                raise FormError(f"{origin}, line {line}: duplicate key '{key.value}'")
            seen.add(key.value)
            _refuse_duplicate_keys(value, origin)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _refuse_duplicate_keys(item, origin)


def _describe(exc: ValidationError, root: yaml.Node, origin: str) -> str:
    errors = exc.errors(include_url=False)
    # pydantic also reports "too short" for a list whose items failed: noise.
    failed = [tuple(e["loc"]) for e in errors]
    lines = []
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == "too_short" and any(
            other[: len(loc)] == loc and other != loc for other in failed
        ):
            continue
        message = error["msg"].removeprefix("Value error, ")
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, _Issue):
            loc, message = cause.loc, str(cause)
        if error["type"] == "extra_forbidden":
            message = f"unknown key '{loc[-1]}'"
        path = ".".join(str(p) for p in loc) or "form"
        lines.append(f"{origin}, line {_line_of(root, loc)}: {path}: {message}")
    return "\n".join(lines)


def _line_of(node: yaml.Node, loc: tuple[str | int, ...]) -> int:
    """The 1-based line of the deepest node along ``loc`` (keys point at the key)."""
    line = node.start_mark.line + 1
    for step in loc:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(step):
                    line, child = key.start_mark.line + 1, value
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(step, int)
            and 0 <= step < len(node.value)
        ):
            child = node.value[step]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line
