"""Tests for reviewkit.protocol: the review.toml schema, loader and template."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from reviewkit.errors import ConfigError
from reviewkit.protocol import (
    PROTOCOL_FILENAME,
    Protocol,
    PubmedSearch,
    find_review_dir,
    load_protocol,
    parse_protocol,
    write_template,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
REPO_REVIEW = REPO_ROOT / "review.toml"
TEMPLATE = REPO_ROOT / "src" / "reviewkit" / "templates" / "review.toml"

MINIMAL = """\
[review]
id = "demo"
title = "Demo"
question = "Does it work?"

[pico]
population = "adults"
intervention = "x"
comparator = "placebo"
outcomes = ["y"]
study_designs = ["randomised controlled trial"]

[search.pubmed]
query = "x[tiab]"
mindate = "2000"
"""


def _errors(text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        parse_protocol(text, origin="r/review.toml")
    return str(info.value).splitlines()


def test_the_default_review_loads_with_its_documented_values() -> None:
    protocol = load_protocol(REPO_REVIEW)
    assert protocol.review.id == "microneedling-hair-loss"
    assert protocol.review.title == "Microneedling for hair loss"
    pubmed = protocol.search.pubmed
    assert (pubmed.datetype, pubmed.mindate, pubmed.maxdate) == ("pdat", "1990", None)
    assert pubmed.incremental_datetype == "mdat"
    assert protocol.schedule.cron == "0 3 * * 1"
    assert protocol.database.path == "review-data/review.sqlite"
    assert "hair count" in protocol.pico.outcomes
    assert "adverse events" in protocol.pico.outcomes
    assert protocol.path == REPO_REVIEW


def test_the_default_query_names_every_concept_variant() -> None:
    query = load_protocol(REPO_REVIEW).search.pubmed.query
    for variant in (
        "microneedling[tiab]",
        '"micro-needling"[tiab]',
        '"micro needling"[tiab]',
        "microneedle*[tiab]",
        "dermaroller*[tiab]",
        '"derma roller"[tiab]',
        "dermapen*[tiab]",
        '"derma pen"[tiab]',
        '"collagen induction therapy"[tiab]',
        '"percutaneous collagen induction"[tiab]',
        '"Alopecia"[MeSH Terms]',
        '"Alopecia Areata"[MeSH Terms]',
        "alopecia[tiab]",
        '"hair loss"[tiab]',
        '"androgenetic alopecia"[tiab]',
        '"alopecia areata"[tiab]',
    ):
        assert variant in query
    assert ") AND (" in query
    assert "\n" not in query  # TOML line continuations leave one line for ESearch
    assert query.count("(") == query.count(")")


def test_a_folder_is_read_through_its_review_toml() -> None:
    assert load_protocol(REPO_ROOT).path == REPO_REVIEW


def test_the_template_loads_and_has_the_same_keys_as_the_default_review() -> None:
    template = load_protocol(TEMPLATE)
    assert template.review.id == "my-review"

    def keys(path: Path) -> set[tuple[str, ...]]:
        found: set[tuple[str, ...]] = set()

        def walk(node: dict[str, object], prefix: tuple[str, ...]) -> None:
            for key, value in node.items():
                if isinstance(value, dict):
                    walk(value, (*prefix, key))
                else:
                    found.add((*prefix, key))

        walk(tomllib.loads(path.read_text(encoding="utf-8")), ())
        return found

    assert keys(TEMPLATE) == keys(REPO_REVIEW)


def test_write_template_creates_a_loadable_review_toml(tmp_path: Path) -> None:
    target = write_template(tmp_path / "new" / "review")
    assert target == tmp_path / "new" / "review" / PROTOCOL_FILENAME
    assert target.read_bytes() == TEMPLATE.read_bytes()
    assert load_protocol(target.parent).review.id == "my-review"


def test_write_template_refuses_to_overwrite(tmp_path: Path) -> None:
    existing = tmp_path / PROTOCOL_FILENAME
    existing.write_text("# mine\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="already exists"):
        write_template(tmp_path)
    assert existing.read_text(encoding="utf-8") == "# mine\n"


def test_write_template_reports_an_unwritable_target(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot write the review template"):
        write_template(blocker / "sub")


def test_a_missing_file_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_protocol(tmp_path)
    assert str(info.value) == (
        f"review.toml not found in {tmp_path}: run `reviewkit init {tmp_path}` "
        "or pass --review PATH"
    )


def test_a_missing_folder_is_reported_like_an_empty_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^review\.toml not found in .*nowhere: run"):
        load_protocol(tmp_path / "nowhere")


def test_an_unreadable_file_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / PROTOCOL_FILENAME
    path.write_bytes(b"\xff\xfe not utf-8")
    with pytest.raises(ConfigError, match="cannot be read as UTF-8"):
        load_protocol(path)


def test_a_toml_syntax_error_names_file_line_and_column() -> None:
    lines = _errors('[review]\nid = "x"\ntitle = \n')
    assert lines == ["r/review.toml:3:9: invalid TOML: Invalid value"]


def test_validation_problems_are_listed_one_per_line() -> None:
    text = MINIMAL.replace('query = "x[tiab]"\n', 'qurey = "x"\n').replace(
        'id = "demo"', 'id = "Demo Review"'
    )
    lines = _errors(text + '\n[schedule]\ncron = "0 3 * *"\n')
    assert "r/review.toml: [search.pubmed] query: field required" in lines
    assert any(
        line.startswith("r/review.toml: [search.pubmed] qurey: unknown key") for line in lines
    )
    assert any(line.startswith("r/review.toml: [review] id: expected a slug") for line in lines)
    assert any(
        line.startswith("r/review.toml: [schedule] cron: expected 5 cron fields") for line in lines
    )
    assert len(lines) == 4


def test_a_missing_section_is_named() -> None:
    text = MINIMAL.split("[search.pubmed]")[0]
    assert _errors(text) == ["r/review.toml: [search]: section missing"]
    text = MINIMAL.replace("[search.pubmed]", "[search]\n[elsewhere]")
    lines = _errors(text)
    assert "r/review.toml: [search.pubmed]: section missing" in lines
    assert any(line.startswith("r/review.toml: elsewhere: unknown key") for line in lines)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('query = "x[tiab]"', 'query = "   "', "[search.pubmed] query: must not be empty"),
        (
            'mindate = "2000"',
            'mindate = "20000"',
            "[search.pubmed] mindate: expected a date as YYYY, YYYY/MM or YYYY/MM/DD",
        ),
        ('mindate = "2000"', 'mindate = "2000-01-01"', "[search.pubmed] mindate: expected"),
        (
            'mindate = "2000"',
            'mindate = "2000/02/30"',
            "[search.pubmed] mindate: '2000/02/30' is not a calendar date",
        ),
        (
            'mindate = "2000"',
            'mindate = "2000"\nmaxdate = "1999/12"',
            "[search.pubmed] mindate '2000' is after maxdate '1999/12'",
        ),
        (
            'mindate = "2000"',
            'mindate = "2000"\nbatch_size = 20',
            "[search.pubmed] batch_size: Input should be greater than or equal to 50",
        ),
        (
            'mindate = "2000"',
            'mindate = "2000"\nbatch_size = 20000',
            "[search.pubmed] batch_size: Input should be less than or equal to 10000",
        ),
        (
            'mindate = "2000"',
            'mindate = "2000"\noverlap_days = -1',
            "[search.pubmed] overlap_days: Input should be greater than or equal to 0",
        ),
        (
            'mindate = "2000"',
            'mindate = "2000"\ndatetype = "dp"',
            "[search.pubmed] datetype: Input should be 'pdat', 'edat' or 'mdat'",
        ),
        (
            'mindate = "2000"',
            'mindate = "2000"\nincremental_datetype = "pdat"',
            "[search.pubmed] incremental_datetype: Input should be 'mdat' or 'edat'",
        ),
        ('outcomes = ["y"]', 'outcomes = [""]', "[pico] outcomes[0]: must not be empty"),
        ('outcomes = ["y"]', "outcomes = []", "[pico] outcomes: "),
    ],
)
def test_bad_values_are_reported_with_their_key(old: str, new: str, expected: str) -> None:
    lines = _errors(MINIMAL.replace(old, new))
    assert any(line.startswith(f"r/review.toml: {expected}") for line in lines), lines


def test_schedule_values_are_checked() -> None:
    text = MINIMAL + '\n[schedule]\ncron = "0 3 * * M%N"\ntimezone = "Mars/Olympus"\n'
    lines = _errors(text)
    assert any("[schedule] cron: cron day-of-week field 'M%N'" in line for line in lines)
    assert any(
        "[schedule] timezone: unknown IANA time zone 'Mars/Olympus'" in line for line in lines
    )


def test_defaults_fill_optional_sections() -> None:
    protocol = parse_protocol(MINIMAL)
    assert protocol.search.pubmed.batch_size == 500
    assert protocol.search.pubmed.overlap_days == 7
    assert protocol.schedule.timezone == "UTC"
    assert protocol.database.raw_dir == "review-data/raw"
    assert protocol.outputs.dir == "outputs"
    assert protocol.path is None


def test_toml_numbers_and_dates_become_ncbi_dates() -> None:
    text = MINIMAL.replace('mindate = "2000"', "mindate = 2000\nmaxdate = 2024-02-29")
    pubmed = parse_protocol(text).search.pubmed
    assert (pubmed.mindate, pubmed.maxdate) == ("2000", "2024/02/29")


def test_a_boolean_is_not_a_date() -> None:
    lines = _errors(MINIMAL.replace('mindate = "2000"', "mindate = true"))
    assert any(line.startswith("r/review.toml: [search.pubmed] mindate:") for line in lines)


def test_an_open_maxdate_means_today() -> None:
    pubmed = PubmedSearch(query="x", mindate="2000/05")
    assert pubmed.date_range(today=date(2025, 1, 9)) == ("2000/05", "2025/01/09")
    closed = PubmedSearch(query="x", mindate="2000", maxdate="2001/02/03")
    assert closed.date_range(today=date(2025, 1, 9)) == ("2000", "2001/02/03")


def test_paths_are_relative_to_the_review_folder(tmp_path: Path) -> None:
    (tmp_path / PROTOCOL_FILENAME).write_text(
        MINIMAL + f'\n[database]\nraw_dir = "{tmp_path / "abs-raw"}"\n', encoding="utf-8"
    )
    protocol = load_protocol(tmp_path / PROTOCOL_FILENAME)
    assert protocol.database_path() == tmp_path / "review-data" / "review.sqlite"
    assert protocol.raw_dir() == tmp_path / "abs-raw"  # an absolute path stays as written
    assert protocol.outputs_dir() == tmp_path / "outputs"
    assert protocol.database_path(Path("/elsewhere")) == Path(
        "/elsewhere/review-data/review.sqlite"
    )


def test_a_protocol_parsed_from_text_needs_the_folder() -> None:
    protocol = parse_protocol(MINIMAL)
    with pytest.raises(ConfigError, match="pass the review folder"):
        protocol.database_path()
    assert protocol.raw_dir(Path("/r")) == Path("/r/review-data/raw")


def test_a_protocol_is_immutable() -> None:
    protocol = parse_protocol(MINIMAL)
    with pytest.raises(ValidationError):
        protocol.review = protocol.review  # type: ignore[misc]
    assert isinstance(protocol.pico.outcomes, tuple)
    assert isinstance(protocol, Protocol)


def test_find_review_dir_walks_up(tmp_path: Path) -> None:
    (tmp_path / PROTOCOL_FILENAME).write_text(MINIMAL, encoding="utf-8")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (deep / "notes.txt").write_text("", encoding="utf-8")
    assert find_review_dir(deep) == tmp_path.resolve()
    assert find_review_dir(deep / "notes.txt") == tmp_path.resolve()
    assert find_review_dir(tmp_path) == tmp_path.resolve()


def test_find_review_dir_fails_without_a_review_toml(tmp_path: Path) -> None:
    if any((p / PROTOCOL_FILENAME).exists() for p in tmp_path.resolve().parents):
        pytest.skip("a review.toml exists above the temporary folder")
    with pytest.raises(ConfigError, match=r"no review\.toml in .* or any folder above it"):
        find_review_dir(tmp_path)


IMPORT = '\n[[imports]]\npath = "exports/embase.ris"\nsource = "embase"\n'


def test_an_import_entry_takes_platform_strategy_and_limits() -> None:
    protocol = parse_protocol(
        MINIMAL + IMPORT + 'platform = "Ovid"\nlimits = "English; 2000 to current"\n'
        "query = '''\n1. exp Alopecia/\n2. microneedl*.ti,ab.\n3. 1 and 2\n'''\n"
        + IMPORT.replace("embase.ris", "scopus.ris").replace('"embase"', '"scopus"')
        + 'query_file = "exports/scopus-strategy.txt"\n'
    )
    ovid, scopus = protocol.imports
    assert (ovid.platform, ovid.limits) == ("Ovid", "English; 2000 to current")
    assert ovid.query == "1. exp Alopecia/\n2. microneedl*.ti,ab.\n3. 1 and 2"
    assert ovid.query_file is None
    assert (scopus.platform, scopus.query, scopus.limits) == (None, None, None)
    assert scopus.query_file == "exports/scopus-strategy.txt"


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (
            'query = "x"\nquery_file = "q.txt"\n',
            "imports[0]: the entry for 'exports/embase.ris' has both query and query_file: "
            "give the search strategy inline (query) or in a file (query_file), not both",
        ),
        ('platform = " "\n', "imports[0].platform: must not be empty"),
        ('query = ""\n', "imports[0].query: must not be empty"),
        ("limits = 2020\n", "imports[0].limits: Input should be a valid string"),
        ('strategy = "x"\n', "imports[0].strategy: unknown key"),
    ],
)
def test_bad_import_strategy_keys_are_named(keys: str, expected: str) -> None:
    lines = _errors(MINIMAL + IMPORT + keys)
    assert len(lines) == 1
    assert lines[0].startswith(f"r/review.toml: {expected}"), lines
