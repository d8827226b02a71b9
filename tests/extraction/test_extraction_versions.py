from datetime import date
from pathlib import Path

import pytest

from reviewkit.errors import FormError
from reviewkit.extraction.forms import load_form, parse_form
from reviewkit.extraction.versions import FormChanges, changes, compatible, migrate

DATA = Path(__file__).resolve().parents[1] / "data" / "forms"
V1 = load_form(DATA / "small_v1.yaml")
V2 = load_form(DATA / "small_v2.yaml")


def variant(version: int, fields: str, form_id: str = "small") -> object:
    return parse_form(
        f"id: {form_id}\nversion: {version}\ntitle: T\nsections:\n"
        f"  - key: s\n    title: S\n    fields:\n{fields}"
    )


def test_changes_between_two_versions():
    assert changes(V1, V2) == FormChanges(
        added=("country",),
        removed=("setting",),
        renamed=(("co_treatment", "co_treatments"), ("needle_mm", "needle_length")),
        retyped=(
            ("co_treatments", "single_choice", "multiple_choice"),
            ("notes", "text", "long_text"),
        ),
    )


def test_migration_renames_removes_and_widens_with_notes():
    entry = {
        "study_id": "S1",
        "design": "parallel",
        "setting": "university clinic",
        "co_treatment": "minoxidil",
        "notes": "see table 2",
    }
    values, notes = migrate(entry, V1, V2)
    assert values == {
        "study_id": "S1",
        "design": "parallel",
        "co_treatments": ("minoxidil",),
        "notes": "see table 2",
    }
    assert notes == (
        "removed field 'setting'; dropped its value 'university clinic'",
        "renamed field 'co_treatment' to 'co_treatments'",
    )
    arm, notes = migrate({"study_id": "S1", "arm": "A", "needle_mm": 1.5}, V1, V2)
    assert arm == {"study_id": "S1", "arm": "A", "needle_length": 1.5}
    assert notes == ("renamed field 'needle_mm' to 'needle_length'",)


def test_an_empty_removed_field_needs_no_note():
    values, notes = migrate({"design": "parallel", "setting": None}, V1, V2)
    assert values == {"design": "parallel"}
    assert notes == ()


def test_a_value_that_breaks_a_new_rule_stops_the_migration():
    with pytest.raises(FormError) as info:
        migrate({"needle_mm": 2.8, "sessions": 3}, V1, V2)
    assert str(info.value) == (
        "cannot migrate values from form small version 1 to version 2: 'needle_mm' → "
        "'needle_length': expected a number in mm between 0.1 and 2.5, got '2.8'"
    )


def test_an_unknown_key_stops_the_migration():
    with pytest.raises(FormError, match="'colour' is not a field of version 1"):
        migrate({"colour": "red"}, V1, V2)


def test_compatibility_verdicts_give_reasons():
    assert compatible(V1, V2)
    assert compatible(V1, V2).reason == "version 1 migrates to version 2"
    assert compatible(V2, V2).reason == "same version"
    newer = compatible(V2, V1)
    assert not newer
    assert newer.reason == (
        "it was made with version 2 of form 'small', newer than version 1 known here"
    )
    other = variant(3, "      - {key: design, label: D, type: text}\n", form_id="other")
    assert compatible(V1, other).reason == "it was made with form 'small', not 'other'"
    same_number = variant(1, "      - {key: design, label: D, type: text}\n")
    assert "both say version 1" in compatible(V1, same_number).reason
    with pytest.raises(FormError, match="cannot migrate form small values: it was made"):
        migrate({}, V2, V1)


def test_incompatible_type_and_unit_changes_are_refused():
    retyped = variant(2, "      - {key: notes, label: N, type: integer}\n")
    verdict = compatible(V1, retyped)
    assert not verdict
    assert verdict.reason == "field 'notes' changed type from text to integer"
    unit = variant(2, "      - {key: needle_mm, label: N, type: number_with_unit, unit: cm}\n")
    assert compatible(V1, unit).reason == "field 'needle_mm' changed unit from mm to cm"


def test_an_ambiguous_rename_is_refused():
    both = variant(
        2, "      - {key: place, label: P, type: text, renamed_from: [setting, notes]}\n"
    )
    verdict = compatible(V1, both)
    assert not verdict
    assert "renamed from setting and notes" in verdict.reason


def test_values_widened_to_text_are_written_out():
    old = variant(
        1, "      - {key: when, label: W, type: date}\n      - {key: n, label: N, type: integer}\n"
    )
    new = variant(
        2,
        "      - {key: when, label: W, type: text}\n      - {key: n, label: N, type: long_text}\n",
    )
    values, notes = migrate({"when": date(2020, 5, 1), "n": 12}, old, new)
    assert values == {"when": "2020-05-01", "n": "12"}
    assert notes == ()
