"""Fuzzing every loader with Hypothesis: random bytes, and real files with bytes flipped, cut
or inserted. Whatever the input, a file gives exactly one result and never an internal error."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_lint.core.inputs import InputSource
from disclosure_lint.core.results import FileStatus
from disclosure_lint.core.runner import Runner

from .conftest import CORPUS, FIXTURES, SEED, SHUYANG_DATA

REAL = {
    ".txt": SEED,
    ".md": CORPUS / "r003.md",
    ".html": CORPUS / "r013.html",
    ".yaml": SHUYANG_DATA,
    ".json": None,  # made from the YAML below
    ".docx": FIXTURES / "converted" / "r013.docx",
    ".pdf": CORPUS / "d02_hongze_2024.pdf",
}
FAST = [".txt", ".md", ".html", ".yaml", ".json", ".docx", ".pdf"]


def real_bytes(suffix: str) -> bytes:
    if suffix == ".json":
        import json

        import yaml

        return json.dumps(
            yaml.safe_load(SHUYANG_DATA.read_text(encoding="utf-8")), ensure_ascii=False
        ).encode("utf-8")
    return REAL[suffix].read_bytes()


@pytest.fixture(scope="module")
def runner(env, engine) -> Runner:
    fuzz = Runner(env, engine)
    fuzz.timeout = 20
    return fuzz


def assert_one_clean_result(runner: Runner, data: bytes, name: str) -> None:
    result = runner.check_one(InputSource.from_bytes(data, name))
    assert result.path == name
    assert result.status in tuple(FileStatus)
    codes = [f.code for f in result.findings]
    assert "DL999" not in codes, [f.message() for f in result.findings if f.code == "DL999"]


@st.composite
def mutated(draw, data: bytes) -> bytes:
    """``data`` with a few bytes flipped, a slice cut out, or random bytes inserted."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["flip", "cut", "insert", "truncate"]))
        if not out:
            break
        position = draw(st.integers(0, len(out) - 1))
        if action == "flip":
            out[position] ^= draw(st.integers(1, 255))
        elif action == "cut":
            del out[position : position + draw(st.integers(1, 2048))]
        elif action == "insert":
            out[position:position] = draw(st.binary(min_size=1, max_size=64))
        else:
            del out[position:]
    return bytes(out)


FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@pytest.mark.parametrize("suffix", FAST)
@FUZZ
@given(data=st.binary(max_size=4096))
def test_random_bytes(runner, suffix: str, data: bytes) -> None:
    assert_one_clean_result(runner, data, f"random{suffix}")


@pytest.mark.parametrize("suffix", FAST)
@FUZZ
@given(data=st.data())
def test_mutated_real_files(runner, suffix: str, data) -> None:
    assert_one_clean_result(runner, data.draw(mutated(real_bytes(suffix))), f"mutated{suffix}")


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.binary(min_size=1, max_size=2048))
def test_legacy_word_random_bytes(runner, suffix: str, data: bytes) -> None:
    """Each example runs LibreOffice (when installed), so only a few."""
    assert_one_clean_result(runner, data, f"random{suffix}")


def test_a_pdf_with_a_lone_surrogate_is_checked_without_internal_errors(tmp_path) -> None:
    """A case the mutation test found (tests/fixtures/mutated/README.md): PDFium reports a lone
    UTF-16 surrogate; the boilerplate rule and both batch checks used to fail on it (DL999)."""
    import json

    from .clitools import run

    pdf = FIXTURES / "mutated" / "d02-lone-surrogate.pdf"
    second = tmp_path / "copy.pdf"
    second.write_bytes(pdf.read_bytes())  # a batch of two, so the batch checks compare them
    proc = run("check", str(pdf), str(second), "--format", "json", "--no-cache")
    assert proc.returncode in (0, 1), proc.stderr.decode()
    files = json.loads(proc.stdout)["files"]
    assert len(files) == 2
    codes = [f["code"] for item in files for f in item["findings"]]
    assert "DL999" not in codes


def test_similarity_text_accepts_lone_surrogates() -> None:
    from disclosure_lint.similarity.text import normalise

    clean = normalise("政府信息公开工作年度报告")
    damaged = normalise("政府信息公开\udc00工作年度报告")
    assert damaged.codes.tolist() == clean.codes.tolist()  # the lone surrogate carries nothing
