"""The batch the ``serve`` tests review: real reports from tests/corpus and tests/fixtures, plus
two copies with script payloads planted in their title and text (made below)."""

from __future__ import annotations

import shutil
from pathlib import Path

from disclosure_lint.core.engine import Engine
from disclosure_lint.core.plugins import Environment
from disclosure_lint.core.runner import Runner
from disclosure_lint.serve import DecisionStore, ReviewBatch, check_batch, create_app

from .conftest import CORPUS, FIXTURES, SEED

R013 = CORPUS / "r013.html"
R013_DOCX = FIXTURES / "converted" / "r013.docx"
PDF = CORPUS / "d01_hongze_2023.pdf"

#: the payloads: a script element, and an image whose error handler would run
SCRIPT = "<script>top.__dlPwned=1</script>"
IMG = '<img src=x onerror="top.__dlPwned=2">'


def plant_in_text(dest: Path) -> Path:
    """The founding report (tests/corpus/yinzhou-gongren-2019.txt) with ``<script>`` after the
    body's name in its title (line 2) and at the end of the first line of section 一 (line 6)."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    assert lines[1].startswith("银州区工人街道") and lines[4] == "一、总体情况"
    lines[1] = lines[1].replace("银州区工人街道", "银州区工人街道" + SCRIPT)
    lines[5] += SCRIPT + IMG
    dest.write_text("\n".join(lines), encoding="utf-8")
    return dest


def plant_in_html(dest: Path) -> Path:
    """tests/corpus/r013.html with a title element whose text is ``<script>…`` (escaped, so it
    is text), a real ``<script>`` element, an ``<img onerror>``, a ``javascript:`` link and a
    refresh before the first paragraph, all on the first line so that every source line stays
    where it was."""
    page = R013.read_text(encoding="utf-8")
    assert page.startswith("<ucapcontent>")
    planted = (
        "<ucapcontent><h1>沭阳县发展和改革局2023年政府信息公开工作年度报告"
        "&lt;script&gt;top.__dlPwned=1&lt;/script&gt;</h1>"
        "<script>top.__dlPwned=3</script>"
        '<p>&lt;script&gt;top.__dlPwned=4&lt;/script&gt;<img src="x" onerror="top.__dlPwned=2">'
        '<a href="javascript:top.__dlPwned=5">链接</a></p>'
        '<meta http-equiv="refresh" content="0;url=http://evil.example/">'
    )
    dest.write_text(planted + page[len("<ucapcontent>") :], encoding="utf-8")
    return dest


def make_batch_folder(folder: Path) -> Path:
    """The folder served in the tests: five real reports and the two planted copies."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in (R013, SEED, PDF, R013_DOCX):
        shutil.copy(source, folder / source.name)
    sub = folder / "planted"
    sub.mkdir(exist_ok=True)
    plant_in_text(sub / "script-2019.txt")
    plant_in_html(sub / "script-r013.html")
    return folder


def review_batch(env: Environment, folder: Path) -> ReviewBatch:
    """The folder checked in this process (no cache, no workers), as ``serve`` checks it."""
    engine = Engine(env.rules, env.kinds, env.formats, owners=env.kind_owner)
    runner = Runner(env, engine)
    return check_batch(runner, [str(folder)], "error")


def client_for(batch: ReviewBatch, db: Path, lang: str = "zh", **kwargs):
    """A Starlette TestClient on the app (decisions in ``db``)."""
    from starlette.testclient import TestClient

    app = create_app(batch, DecisionStore(db), lang, **kwargs)
    return TestClient(app, raise_server_exceptions=False)


def file_of(results: dict, name: str) -> dict:
    return next(f for f in results["files"] if f["file"].endswith(name))
