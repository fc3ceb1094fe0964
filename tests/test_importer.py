"""The occupations importer on a small fixture cut from the real raw files (see
tests/fixtures/occupations/make_fixture.py): exact output, determinism, the rules behind the
figures, and named errors for malformed input."""

from __future__ import annotations

import csv
import gzip
import io
import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import main
from knowledge import SOURCES_DIR
from knowledge.importer import onet
from knowledge.importer.errors import BadValueError, MissingColumnError, MissingFileError
from knowledge.importer.run import OUTPUT_DIR, import_occupations
from knowledge.importer.slugs import MAX_LENGTH, slugs

FIXTURE = Path(__file__).parent / "fixtures" / "occupations"
RAW = FIXTURE / "raw"
CURATION = FIXTURE / "curation"
EXPECTED = FIXTURE / "expected"
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def rows(path: Path) -> list[dict[str, str]]:
    """A written table as dicts."""
    data = path.read_bytes()
    text = gzip.decompress(data).decode() if path.suffix == ".gz" else data.decode()
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The importer's output on the fixture."""
    out = tmp_path_factory.mktemp("occupations")
    import_occupations(RAW, out, CURATION)
    return out


def test_output_is_exactly_the_expected_files(written: Path) -> None:
    expected = sorted(p.name for p in EXPECTED.iterdir())
    assert sorted(p.name for p in written.iterdir()) == expected
    for name in expected:
        assert (written / name).read_bytes() == (EXPECTED / name).read_bytes(), name


def test_the_same_input_gives_byte_identical_output(written: Path, tmp_path: Path) -> None:
    import_occupations(RAW, tmp_path, CURATION)
    for path in written.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_line_endings_and_gzip_headers(written: Path) -> None:
    for path in written.iterdir():
        data = path.read_bytes()
        if path.suffix == ".gz":
            assert data[4:8] == b"\0\0\0\0", f"{path.name}: gzip mtime must be 0"
            data = gzip.decompress(data)
        assert b"\r" not in data, path.name
        assert data.endswith(b"\n"), path.name


def by_code(written: Path, name: str, key: str = "onet_code") -> dict[str, dict[str, str]]:
    return {r[key]: r for r in rows(written / name)}


def test_wages_keep_what_bls_publishes_and_nothing_else(written: Path) -> None:
    occupations = by_code(written, "occupations.csv")
    wages = by_code(written, "wages_us.csv", "wage_code")
    teacher = wages[occupations["25-2021.00"]["wage_code"]]
    assert teacher["published"] == "annual"
    assert teacher["annual_median"]
    assert not teacher["hourly_median"]
    actor = wages[occupations["27-2011.00"]["wage_code"]]
    assert actor["published"] == "hourly"
    assert actor["hourly_median"]
    assert not actor["annual_median"]
    lab = occupations["29-2011.00"]
    assert (lab["wage_code"], lab["wage_basis"]) == ("29-2010", "broader")
    assert wages["29-2010"]["title"] == "Clinical Laboratory Technologists and Technicians"
    crew = occupations["55-1011.00"]
    assert crew["wage_code"] == crew["wage_basis"] == ""


def test_top_coded_wages_are_at_least_figures(written: Path) -> None:
    areas = rows(written / "wages_areas.csv.gz")
    top = [v for r in areas for k, v in r.items() if v.startswith(">=")]
    assert top, "the fixture holds top-coded radiologist wages"
    assert set(top) <= {">=239200", ">=115.00"}
    for row in areas:
        for key, value in row.items():
            if key not in ("wage_code", "area_code") and value and not value.startswith(">="):
                float(value)


def test_suppressed_uk_cells_stay_empty(written: Path) -> None:
    dentists = by_code(written, "uk_pay.csv", "soc2020")["2253"]
    assert dentists["median"] == ""
    assert dentists["median_cv"] == ""
    assert dentists["mean"] == "72662"
    for row in rows(written / "uk_pay.csv"):
        for key, value in row.items():
            if key not in ("soc2020", "title") and value:
                float(value)


def test_occupations_without_ratings_have_no_rows(written: Path) -> None:
    rated = {r["onet_code"] for r in rows(written / "skills.csv.gz")}
    assert "15-2051.00" not in rated
    assert "29-1141.00" in rated
    assert all(r["importance"] for r in rows(written / "skills.csv.gz"))


def test_core_tasks_come_first(written: Path) -> None:
    tasks = [r for r in rows(written / "tasks.csv.gz") if r["onet_code"] == "29-1141.00"]
    kinds = [r["task_type"] for r in tasks]
    assert kinds == sorted(kinds, key=["core", "supplemental", ""].index)
    assert [int(r["rank"]) for r in tasks] == list(range(1, len(tasks) + 1))


def test_a_shared_title_is_kept_for_each_occupation(written: Path) -> None:
    nurse = {r["onet_code"] for r in rows(written / "titles.csv.gz") if r["title"] == "Nurse"}
    assert nurse == {"29-1141.00", "29-1141.01"}


def test_uk_matches_name_their_basis(written: Path) -> None:
    matches = by_code(written, "uk_matches.csv")
    assert matches["29-1141.00"]["method"] == "override"
    assert matches["29-1021.00"]["method"] == "reviewed"
    assert matches["55-1011.00"]["soc2020"] == ""
    for row in matches.values():
        assert bool(row["soc2020"]) == (row["method"] != "none")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Registered Nurses", "registered-nurses"),
        ("Computer and Information Systems Managers", "computer-information-systems-managers"),
        ("Elementary School Teachers, Except Special Education", "elementary-school-teachers"),
        ("Dentists, General", "dentists-general"),
    ],
)
def test_slug_rule(title: str, slug: str) -> None:
    assert slugs([("11-1111.00", title)]) == {"11-1111.00": slug}


def test_shortened_slugs_that_clash_take_the_code() -> None:
    made = slugs(
        [
            ("25-2057.00", "Special Education Teachers, Middle School"),
            ("25-2058.00", "Special Education Teachers, Secondary School Extra Words"),
            ("25-2059.00", "Special Education Teachers, Secondary School Other Words"),
        ]
    )
    assert made["25-2057.00"] == "special-education-teachers-middle-school"
    assert made["25-2058.00"].endswith("-252058")
    assert made["25-2059.00"].endswith("-252059")


# --- malformed input ---------------------------------------------------------------------------


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target


def _rename_tsv_column(path: Path, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[0] = lines[0].replace(old, new)
    path.write_text("\n".join(lines), encoding="utf-8")


def _rename_xlsx_column(path: Path, old: str, new: str) -> None:
    book = load_workbook(path)
    sheet = book.worksheets[0]
    for cell in sheet[1]:
        if cell.value == old:
            cell.value = new
    book.save(path)


def test_missing_file_is_named(raw_copy: Path, tmp_path: Path) -> None:
    (raw_copy / onet.TASKS).unlink()
    with pytest.raises(MissingFileError, match=r"onet-30.0/Task Statements.txt: file not found"):
        import_occupations(raw_copy, tmp_path / "out", CURATION)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("name", "column"),
    [(onet.TASKS, "Task Type"), (onet.SKILLS, "Data Value")],
)
def test_missing_column_names_file_and_column(
    raw_copy: Path, tmp_path: Path, name: str, column: str
) -> None:
    if name.endswith(".xlsx"):
        _rename_xlsx_column(raw_copy / name, column, "Renamed")
    else:
        _rename_tsv_column(raw_copy / name, column, "Renamed")
    with pytest.raises(MissingColumnError) as caught:
        import_occupations(raw_copy, tmp_path / "out", CURATION)
    assert name in str(caught.value)
    assert repr(column) in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_bad_value_names_file_column_and_row(raw_copy: Path, tmp_path: Path) -> None:
    path = raw_copy / onet.TECHNOLOGY
    lines = path.read_text(encoding="utf-8").split("\n")
    cells = lines[1].split("\t")
    cells[4] = "maybe"
    lines[1] = "\t".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(
        BadValueError, match=r"Technology Skills.txt: column 'Hot Technology', row 2"
    ):
        import_occupations(raw_copy, tmp_path / "out", CURATION)


# --- the committed data --------------------------------------------------------------------


def test_committed_occupations_are_complete_and_addressable() -> None:
    occupations = rows(OUTPUT_DIR / "occupations.csv")
    assert len(occupations) == len({r["onet_code"] for r in occupations}) == 1016
    names = [r["slug"] for r in occupations]
    assert len(set(names)) == len(names)
    for slug in names:
        assert len(slug) <= MAX_LENGTH, slug
        assert re.match(SLUG, slug), slug


def test_curated_roles_name_real_occupations() -> None:
    codes = {r["onet_code"] for r in rows(OUTPUT_DIR / "occupations.csv")}
    curated = rows(OUTPUT_DIR / "curated.csv")
    roles = {p.stem for p in (SOURCES_DIR / "roles").glob("*.yaml")}
    assert {r["slug"] for r in curated} == roles
    for row in curated:
        assert row["onet_code"] in codes, row
        assert row["basis"], row


def test_the_careerbot_command_imports_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--from", str(RAW), "--out", str(tmp_path), "--curation", str(CURATION)]
    assert main(["import-occupations", *args]) == 0
    assert "wrote 20 files" in capsys.readouterr().out
    for path in EXPECTED.iterdir():
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
