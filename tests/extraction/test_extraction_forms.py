from pathlib import Path

import pytest

from reviewkit.errors import FormError
from reviewkit.extraction.forms import FIELD_TYPES, ROW_KEYS, load_form, parse_form

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted((ROOT / "extraction_forms").glob("*.yaml"))
DATA = Path(__file__).resolve().parents[1] / "data" / "forms"

HEAD = "id: t\nversion: 1\ntitle: T\nsections:\n  - key: s\n    title: S\n    fields:\n"


def one_field(body: str) -> str:
    """A form whose only field (starting on line 8) is ``body``, indented for YAML."""
    return HEAD + "".join(f"      {line}\n" for line in body.strip().splitlines())


def error(text: str) -> str:
    with pytest.raises(FormError) as info:
        parse_form(text, origin="f.yaml")
    return str(info.value)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_form_parses(path):
    form = load_form(path)
    assert form.fields


def test_the_default_form_has_what_the_issue_asks_for():
    form = load_form(ROOT / "extraction_forms" / "microneedling_hair_loss.yaml")
    assert (form.id, form.version) == ("microneedling_hair_loss", 1)
    assert [s.key for s in form.sections] == [
        "study", "participants", "arms", "comparator", "outcomes", "results", "rob2", "notes",
    ]  # fmt: skip
    assert {s.key: s.repeat for s in form.groups} == {
        "arms": "arm", "outcomes": "outcome", "results": "result",
    }  # fmt: skip
    assert form.field("condition").choices == ("AGA", "FPHL", "alopecia areata")
    assert form.field("severity_scale").choices[:3] == ("Norwood-Hamilton", "Ludwig", "SALT")
    assert form.field("device").choices[:3] == ("dermaroller", "dermapen", "electric")
    assert form.field("needle_length").unit == "mm"
    assert {o.key for o in form.outcomes} == {
        "hair_count_change", "hair_density", "shaft_diameter", "global_photo_assessment",
        "responders", "patient_satisfaction", "adverse_events",
    }  # fmt: skip
    overall = form.field("rob2_overall").derived
    assert overall is not None
    assert overall.domains == tuple(f"rob2_d{i}" for i in range(1, 6))
    assert all(f.help for f in (form.field("design"), form.field("condition")))
    assert form.section_of("minoxidil_percent").key == "arms"
    assert form.summary() == (
        "form microneedling_hair_loss version 1: 8 sections, 50 fields, 3 repeating groups"
    )


def test_every_field_type_and_rule_parses():
    form = parse_form(
        HEAD
        + """\
      - {key: a, label: A, type: text, max_length: 10, required: true, help: Say it.}
      - {key: b, label: B, type: long_text}
      - {key: c, label: C, type: integer, minimum: 1, maximum: 5}
      - {key: d, label: D, type: number_with_unit, unit: mm, minimum: 0.5}
      - {key: e, label: E, type: single_choice, choices: [x, y]}
      - {key: f, label: F, type: multiple_choice, choices: [x, y], show_if: {e: x}}
      - {key: g, label: G, type: yes_no_unclear, show_if: {e: [x, y]}}
      - {key: h, label: H, type: date, renamed_from: old_h}
"""
    )
    assert tuple(f.type for f in form.fields) == FIELD_TYPES
    assert form.field("a").required
    assert form.field("a").max_length == 10
    assert form.field("f").show_if == {"e": "x"}
    assert form.field("g").show_if == {"e": ("x", "y")}
    assert form.field("h").renamed_from == ("old_h",)
    assert form.sections[0].row_keys == ROW_KEYS[None] == ("study_id",)
    with pytest.raises(KeyError):
        form.field("zz")


def test_malformed_yaml_names_its_line():
    message = error(HEAD + "      - {key: a, label: A, type: text\n      - {key: b}\n")
    assert message.startswith("f.yaml, line 9: malformed YAML:")


def test_an_unknown_key_names_its_line():
    message = error(one_field("- key: a\n  label: A\n  type: text\n  colour: red"))
    assert message == "f.yaml, line 11: sections.0.fields.0.colour: unknown key 'colour'"


def test_a_duplicate_key_names_its_line():
    message = error(one_field("- key: a\n  label: A\n  type: text\n  label: B"))
    assert message == "f.yaml, line 11: duplicate key 'label'"


@pytest.mark.parametrize(
    ("body", "line", "expected"),
    [
        ("- {key: a, label: A, type: colour}", 8, "Input should be 'text'"),
        ("- {key: A b, label: A, type: text}", 8, "should match pattern"),
        ("- {key: a, label: A, type: single_choice}", 8, "needs 'choices'"),
        ("- {key: a, label: A, type: text, choices: [x]}", 8, "'choices' does not apply"),
        ("- {key: a, label: A, type: number_with_unit}", 8, "needs 'unit'"),
        ("- {key: a, label: A, type: text, minimum: 1}", 8, "do not apply to a text"),
        ("- {key: a, label: A, type: integer, max_length: 3}", 8, "'max_length' does not"),
        ("- {key: a, label: A, type: integer, minimum: 5, maximum: 1}", 8, "above maximum"),
        ("- {key: a, label: A, type: single_choice, choices: [x, X]}", 8, "choices repeat"),
        ("- {key: a, label: A, type: text}\n- {key: a, label: B, type: text}", 9, "used twice"),
        ("- {key: study_id, label: A, type: text}", 8, "row key column"),
        ("- {key: a, label: A, type: text, show_if: {b: x}}", 8, "names no field 'b'"),
        ("- {key: a, label: A, type: text, show_if: {a: x}}", 8, "depend on itself"),
        (
            "- {key: a, label: A, type: text}\n- {key: b, label: B, type: text, renamed_from: a}",
            9,
            "still a field",
        ),
        (
            "- {key: a, label: A, type: yes_no_unclear, required: true,"
            " derived: {rule: rob2_overall, domains: [a]}}",
            8,
            "cannot be 'required'",
        ),
        (
            "- {key: a, label: A, type: text, derived: {rule: rob2_overall, domains: [a]}}",
            8,
            "domain 'a' is not a single_choice",
        ),
    ],
)
def test_invalid_definitions_name_the_line_and_the_rule(body, line, expected):
    message = error(one_field(body))
    assert message.startswith(f"f.yaml, line {line}: "), message
    assert expected in message


def test_a_condition_on_a_field_the_row_cannot_see_is_refused():
    text = (
        HEAD
        + "      - {key: a, label: A, type: text}\n"
        + "  - key: arms\n    title: Arms\n    repeat: arm\n    fields:\n"
        + "      - {key: b, label: B, type: text}\n"
        + "  - key: outcomes\n    title: Outcomes\n    repeat: outcome\n    fields:\n"
        + "      - {key: c, label: C, type: text, show_if: {b: x}}\n"
        + "      - {key: d, label: D, type: text, show_if: {a: x}}\n"
    )
    message = error(text)
    assert message.startswith("f.yaml, line 18: sections.2.fields.0.show_if.b:")
    assert "cannot see" in message


def test_a_missing_required_key_and_a_non_mapping_are_errors():
    assert "title: Field required" in error("id: t\nversion: 1\nsections: []\n")
    assert error("- just a list\n") == (
        "f.yaml, line 1: expected a mapping with id, version, title, sections"
    )


def test_load_form_names_a_missing_file(tmp_path):
    with pytest.raises(FormError, match="cannot read"):
        load_form(tmp_path / "nope.yaml")


def test_the_test_pair_loads():
    assert load_form(DATA / "small_v1.yaml").version == 1
    assert load_form(DATA / "small_v2.yaml").version == 2
