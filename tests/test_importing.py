"""Importing exports into a review: the ledger, refusals, warnings, planned imports."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from reviewkit.errors import ConfigError, ParseError, ReviewkitError
from reviewkit.importing import (
    SAMPLE_EXPORT,
    SAMPLE_LIMITS,
    SAMPLE_PLATFORM,
    SAMPLE_QUERY,
    PlannedImport,
    check_source,
    import_file,
    import_lines,
    import_planned,
    planned_imports,
    read_strategy,
)
from reviewkit.protocol import parse_protocol
from reviewkit.storage import ReviewDatabase
from reviewkit.storage.studies import StudyStore

DATA = Path(__file__).parent / "data" / "formats"
T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path):
    database = ReviewDatabase.open(ReviewDatabase.sqlite_url(tmp_path / "review.sqlite"))
    yield database
    database.close()


def test_an_import_writes_one_ledger_row_and_its_citations(db):
    entry = import_file(
        db, DATA / "ris_ovid_embase.ris", source="embase", searched=date(2026, 11, 1), now=T0
    )
    assert (entry.source, entry.format, entry.searched) == ("embase", "ris", date(2026, 11, 1))
    assert entry.dialect == "ovid-embase"
    assert entry.records_in_file == entry.records_parsed >= 1
    assert entry.sha256
    assert entry.imported_at == T0
    store = StudyStore(db)
    assert store.imports() == [entry]
    stored = store.citations()
    assert len(stored) == entry.records_parsed
    assert all(c.record_id.startswith("embase:ris_ovid_embase.ris#") for c in stored)
    report, warnings = import_lines(entry)
    assert "from embase as import #1" in report[0]
    assert "searched 2026-11-01" in report[0]
    assert warnings == []


def test_the_same_file_twice_is_refused_unless_forced(db):
    path = DATA / "ris_scopus.ris"
    first = import_file(db, path, source="scopus", now=T0)
    with pytest.raises(ReviewkitError, match=r"already imported as import #1 .*--force") as info:
        import_file(db, path, source="scopus", now=T0)
    assert "\n" not in str(info.value)
    again = import_file(db, path, source="scopus", now=T0, force=True)
    assert (again.id, again.forced, again.sha256) == (2, True, first.sha256)
    # Same record ids: the forced import updates the citations, it does not duplicate them.
    assert len(StudyStore(db).citations()) == first.records_parsed


def test_a_malformed_file_names_file_and_line_and_stores_nothing(db):
    with pytest.raises(ParseError, match=r"ris_malformed_tag\.ris:2: malformed tag line"):
        import_file(db, DATA / "ris_malformed_tag.ris", source="embase", now=T0)
    store = StudyStore(db)
    assert store.imports() == []
    assert store.citations() == []


def test_a_count_mismatch_warns_and_lists_what_was_skipped(db):
    entry = import_file(db, DATA / "csv_generic.csv", source="other", now=T0)
    assert entry.records_in_file == 4
    assert entry.records_parsed == 3
    assert [s.where for s in entry.skipped] == ["csv_generic.csv row 4"]
    _, warnings = import_lines(entry)
    assert warnings[0].startswith("csv_generic.csv: 4 records in the file but 3 parsed; skipped:")
    assert "\n  csv_generic.csv row 4: 14 cells but the header has 13 columns" in warnings[0]
    assert any("20x1" in w for w in warnings)


def test_records_without_title_or_identifier_are_kept_and_flagged(db):
    entry = import_file(db, DATA / "ris_no_title_bad_year.ris", source="embase", now=T0)
    assert (entry.records_parsed, entry.flagged) == (2, 1)
    assert any("neither a title nor an identifier" in w for w in import_lines(entry)[1])
    assert len(StudyStore(db).citations()) == 2


def test_a_source_must_be_a_short_lower_case_name():
    assert check_source("web-of-science") == "web-of-science"
    with pytest.raises(ConfigError, match="lower-case name"):
        check_source("Embase Classic")


def test_the_planned_imports_are_the_sample_offline_and_review_toml_live(tmp_path):
    protocol = parse_protocol(
        (Path(__file__).parents[1] / "review.toml").read_text(encoding="utf-8")
        + '\n[[imports]]\npath = "exports/scopus.ris"\nsource = "scopus"\n'
        + 'searched = 2026-11-01\nformat = "ris"\n'
    )
    offline = planned_imports(protocol, tmp_path, offline=True)
    assert [(p.path.name, p.source) for p in offline] == [(SAMPLE_EXPORT, "embase")]
    assert offline[0].path.is_file()
    # The demo's illustrative strategy travels with the sample.
    assert (offline[0].platform, offline[0].limits) == ("Embase.com", "none")
    assert offline[0].query == SAMPLE_QUERY
    live = planned_imports(protocol, tmp_path, offline=False)
    assert live == [
        PlannedImport(
            path=tmp_path / "exports/scopus.ris",
            source="scopus",
            searched=date(2026, 11, 1),
            fmt="ris",
        )
    ]


def test_planned_imports_skip_files_already_imported(db):
    plan = [PlannedImport(path=DATA / "ris_wos.ris", source="wos")]
    first = import_planned(db, plan, now=T0)
    assert [(o.skipped_as_known, o.entry is not None) for o in first] == [(False, True)]
    second = import_planned(db, plan, now=T0)
    assert second[0].skipped_as_known
    assert second[0].entry is None
    assert second[0].to_dict()["already_imported"] is True
    assert len(StudyStore(db).imports()) == 1


OVID = """\
1. exp Alopecia/
2. (alopecia or "hair loss").ti,ab.
3. (microneedl* or dermaroll*).ti,ab.
4. (1 or 2) and 3"""
DEFAULT_REVIEW = Path(__file__).parents[1] / "review.toml"


def with_imports(toml: str):
    return parse_protocol(DEFAULT_REVIEW.read_text(encoding="utf-8") + toml)


def test_an_import_records_platform_strategy_and_limits(db):
    entry = import_file(
        db, DATA / "ris_ovid_embase.ris", source="embase", now=T0,
        platform="Ovid", query=f"\n{OVID}\n\n", limits="  none ",
    )  # fmt: skip
    # Surrounding blank space goes; the strategy's own lines stay as written.
    assert (entry.platform, entry.query, entry.limits) == ("Ovid", OVID, "none")
    assert StudyStore(db).imports() == [entry]
    report, _ = import_lines(entry)
    assert "from embase on Ovid as import #1" in report[0]
    assert report[1] == "search strategy: 4 line(s) recorded; limits: none"


def test_blank_strategy_options_count_as_not_given(db):
    entry = import_file(db, DATA / "ris_scopus.ris", source="scopus", now=T0,
                        platform=" ", query="\n", limits="")  # fmt: skip
    assert (entry.platform, entry.query, entry.limits) == (None, None, None)
    assert len(import_lines(entry)[0]) == 1


def test_a_strategy_file_is_read_as_utf8_text(tmp_path):
    path = tmp_path / "strategy.txt"
    path.write_bytes(("\ufeff" + OVID.replace("\n", "\r\n") + "\r\n\r\n").encode("utf-8"))
    assert read_strategy(path) == OVID


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, r"strategy\.txt: search strategy file not found \(--query-file\)$"),
        (b"1. exp Alopecia/\n2. calvitie\xe9.ti,ab.", r"strategy\.txt: cannot read .*UTF-8 text"),
        (b" \n\t\n", r"strategy\.txt: the search strategy file is empty \(--query-file\)$"),
    ],
)
def test_an_unusable_strategy_file_is_one_line_naming_it(tmp_path, content, message):
    path = tmp_path / "strategy.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ConfigError, match=message) as info:
        read_strategy(path, origin="--query-file")
    assert "\n" not in str(info.value)
    assert str(path) in str(info.value)


def test_planned_imports_carry_the_strategy_from_review_toml(tmp_path):
    (tmp_path / "exports").mkdir()
    (tmp_path / "exports" / "ovid.txt").write_text(OVID + "\n", encoding="utf-8")
    protocol = with_imports("""
[[imports]]
path = "exports/embase.ris"
source = "embase"
platform = "Ovid"
query_file = "exports/ovid.txt"
limits = "English"

[[imports]]
path = "exports/cochrane.ris"
source = "central"
platform = "Cochrane Library"
query = '''
#1 MeSH descriptor: [Alopecia] explode all trees
#2 (microneedl* OR dermaroll*):ti,ab,kw
#3 #1 AND #2
'''
""")
    embase, central = planned_imports(protocol, tmp_path, offline=False)
    assert (embase.platform, embase.query, embase.limits) == ("Ovid", OVID, "English")
    assert (central.platform, central.limits) == ("Cochrane Library", None)
    assert central.query is not None
    assert central.query.splitlines() == [
        "#1 MeSH descriptor: [Alopecia] explode all trees",
        "#2 (microneedl* OR dermaroll*):ti,ab,kw",
        "#3 #1 AND #2",
    ]


def test_a_missing_query_file_names_the_file_and_the_entry(tmp_path):
    protocol = with_imports(
        '\n[[imports]]\npath = "exports/embase.ris"\nsource = "embase"\n'
        'query_file = "exports/missing.txt"\n'
    )
    with pytest.raises(ConfigError) as info:
        planned_imports(protocol, tmp_path, offline=False)
    assert str(info.value) == (
        f"{tmp_path / 'exports' / 'missing.txt'}: search strategy file not found "
        "(query_file of [[imports]] entry 1, exports/embase.ris)"
    )


def test_a_planned_file_already_imported_gets_the_strategy_it_lacks(db):
    path = DATA / "ris_wos.ris"
    assert import_file(db, path, source="wos", now=T0).query is None
    plan = [PlannedImport(path=path, source="wos", platform="Web of Science Core Collection",
                          query="TS=(microneedl*)", limits="none")]  # fmt: skip
    (outcome,) = import_planned(db, plan, now=T0)
    assert outcome.skipped_as_known
    (entry,) = StudyStore(db).imports()
    assert (entry.platform, entry.query, entry.limits) == (
        "Web of Science Core Collection", "TS=(microneedl*)", "none",
    )  # fmt: skip


def test_the_offline_sample_is_imported_with_the_demo_strategy(db, tmp_path):
    planned = planned_imports(with_imports(""), tmp_path, offline=True)
    (outcome,) = import_planned(db, planned, now=T0)
    entry = outcome.entry
    assert entry is not None
    assert (entry.platform, entry.query, entry.limits) == (
        SAMPLE_PLATFORM, SAMPLE_QUERY, SAMPLE_LIMITS,
    )  # fmt: skip
    # Plausible Embase.com syntax: Emtree explosions and title/abstract fields, combined.
    assert "'microneedling'/exp" in SAMPLE_QUERY
    assert "'alopecia'/exp" in SAMPLE_QUERY
    assert ":ti,ab" in SAMPLE_QUERY
    assert SAMPLE_QUERY.splitlines()[-1] == "#8  #4 AND #7"
