"""Versions of a form: what changed, whether values can move, and moving them.

A new version may add fields, remove fields, or rename them; a rename is
declared on the new field (``renamed_from: old_key``), so it is never guessed.
A field may also change type when every old value still means the same thing
(text ↔ long text, integer → number, single → multiple choice, anything simple
→ text). An entry keeps the form id and version it was made with; ``migrate``
brings its values to a later version and says what it did, and refuses (with a
``FormError``) rather than lose or bend a value silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from reviewkit.errors import FormError
from reviewkit.extraction.forms import ROW_KEYS, Field, Form
from reviewkit.extraction.values import Value, coerce, is_empty, problems

__all__ = ["Compatibility", "FormChanges", "changes", "compatible", "migrate"]

_TEXT = ("text", "long_text")
# (old type, new type) pairs whose values keep their meaning.
_WIDENINGS = frozenset(
    {
        ("text", "long_text"),
        ("long_text", "text"),
        ("integer", "number_with_unit"),
        ("single_choice", "multiple_choice"),
        ("yes_no_unclear", "single_choice"),
    }
    | {
        (old, new)
        for old in ("integer", "number_with_unit", "single_choice", "yes_no_unclear", "date")
        for new in _TEXT
    }
)
_ROW_KEYS = frozenset(k for keys in ROW_KEYS.values() for k in keys)


@dataclass(frozen=True, slots=True, kw_only=True)
class FormChanges:
    """Field-level differences from an old version of a form to a new one."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    #: ``(old key, new key)`` pairs declared with ``renamed_from``.
    renamed: tuple[tuple[str, str], ...] = ()
    #: ``(new key, old type, new type)`` for fields whose type changed.
    retyped: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Compatibility:
    """Whether entries of ``old`` can be migrated to ``new``, and if not, why."""

    migratable: bool
    reason: str
    changes: FormChanges

    def __bool__(self) -> bool:
        return self.migratable


def _key_map(old: Form, new: Form) -> dict[str, str]:
    """Old key → new key for every field that survives (same key or declared rename)."""
    old_keys = {f.key for f in old.fields}
    mapping: dict[str, str] = {}
    for field in new.fields:
        if field.key in old_keys:
            mapping[field.key] = field.key
            continue
        sources = [k for k in field.renamed_from if k in old_keys]
        if len(sources) > 1:
            raise FormError(
                f"form {new.id} version {new.version}: field '{field.key}' is renamed from "
                f"{' and '.join(sources)}, which are both fields of version {old.version}"
            )
        if sources:
            mapping[sources[0]] = field.key
    return mapping


def changes(old: Form, new: Form) -> FormChanges:
    """What changed, field by field, from ``old`` to ``new``."""
    mapping = _key_map(old, new)
    kept = set(mapping.values())
    retyped = []
    for old_key, new_key in mapping.items():
        before, after = old.field(old_key).type, new.field(new_key).type
        if before != after:
            retyped.append((new_key, before, after))
    return FormChanges(
        added=tuple(f.key for f in new.fields if f.key not in kept),
        removed=tuple(f.key for f in old.fields if f.key not in mapping),
        renamed=tuple((o, n) for o, n in mapping.items() if o != n),
        retyped=tuple(retyped),
    )


def compatible(old: Form, new: Form) -> Compatibility:
    """Whether values made with ``old`` can be migrated to ``new``, with the reason."""
    if old.id != new.id:
        return _refuse(f"it was made with form '{old.id}', not '{new.id}'")
    if old.version > new.version:
        return _refuse(
            f"it was made with version {old.version} of form '{old.id}', newer than "
            f"version {new.version} known here"
        )
    if old.version == new.version:
        if old != new:
            return _refuse(
                f"two different definitions of form '{old.id}' both say version "
                f"{old.version}; a changed form needs a new version"
            )
        return Compatibility(migratable=True, reason="same version", changes=FormChanges())
    try:
        found = changes(old, new)
    except FormError as exc:
        return _refuse(str(exc))
    for key, before, after in found.retyped:
        if (before, after) not in _WIDENINGS:
            return _refuse(f"field '{key}' changed type from {before} to {after}", found)
    for old_key, new_key in _key_map(old, new).items():
        unit_before, unit_after = old.field(old_key).unit, new.field(new_key).unit
        if unit_before and unit_after and unit_before != unit_after:
            return _refuse(
                f"field '{new_key}' changed unit from {unit_before} to {unit_after}", found
            )
    return Compatibility(
        migratable=True,
        reason=f"version {old.version} migrates to version {new.version}",
        changes=found,
    )


def _refuse(reason: str, found: FormChanges | None = None) -> Compatibility:
    return Compatibility(migratable=False, reason=reason, changes=found or FormChanges())


def migrate(
    entry_values: Mapping[str, object], from_form: Form, to_form: Form
) -> tuple[dict[str, Value], tuple[str, ...]]:
    """Values of one entry (or row) made with ``from_form``, moved to ``to_form``.

    Row key columns (``study_id``, ``arm``, ``outcome``, ``timepoint``) pass
    through unchanged. Returns the coerced values under the new keys and notes on
    every rename, removal (with the dropped value) and type change. Raises
    ``FormError`` when the forms are not compatible, a key is not a field of
    ``from_form``, or a value breaks a rule of the new field.
    """
    verdict = compatible(from_form, to_form)
    if not verdict:
        raise FormError(f"cannot migrate form {from_form.id} values: {verdict.reason}")
    mapping = _key_map(from_form, to_form)
    values: dict[str, Value] = {}
    notes: list[str] = []
    errors: list[str] = []
    for key, raw in entry_values.items():
        if key in _ROW_KEYS:
            values[key] = raw if raw is None or isinstance(raw, str | int) else str(raw)
            continue
        if key not in {f.key for f in from_form.fields}:
            errors.append(f"'{key}' is not a field of version {from_form.version}")
            continue
        if key not in mapping:
            if not is_empty(raw):
                notes.append(f"removed field '{key}'; dropped its value {_show(raw)}")
            continue
        field = to_form.field(mapping[key])
        if mapping[key] != key:
            notes.append(f"renamed field '{key}' to '{field.key}'")
        value = _recast(from_form.field(key), field, raw)
        found = problems(field, value)
        if found:
            errors.append(f"'{key}' → '{field.key}': {'; '.join(found)}")
            continue
        values[field.key] = coerce(field, value)
    if errors:
        raise FormError(
            f"cannot migrate values from form {from_form.id} version {from_form.version} "
            f"to version {to_form.version}: " + "; ".join(errors)
        )
    return values, tuple(notes)


def _recast(old: Field, new: Field, raw: object) -> object:
    """Express a stored value in the new field's terms, before the new rules check it."""
    if old.type == new.type or is_empty(raw):
        return raw
    if new.type in _TEXT:
        return _plain(raw)
    if new.type == "multiple_choice" and isinstance(raw, str):
        return (raw,)
    return raw


def _plain(raw: object) -> str:
    if isinstance(raw, date):
        return raw.isoformat()
    if isinstance(raw, list | tuple):
        return "; ".join(str(item) for item in raw)
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def _show(raw: object) -> str:
    return f"'{_plain(raw)}'"
