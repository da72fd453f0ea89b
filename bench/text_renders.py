"""Share of the original's cells the text renders of the corpus read, per render kind.

    python bench/text_renders.py [--show]

Every HTML and DOCX report of ``tests/corpus`` (with the r013 conversions and the filled WPS
template of the rendering test) is rendered to text the two ways of the rendering test
(``tests/loaders/rendered.py``): LibreOffice's text export (``lo-txt``: HTML → DOCX → text, one
cell per line) and a crawler's text dump (``crawler-txt``: the page's text, cells run together).
Each render is loaded and compared with its original cell by cell: cells read the same, cells
read as another number (must be none) and cells left unread. ``--show`` lists the unread cells of
each render. A measurement to run by hand (LibreOffice needed for lo-txt), not a test.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests.loaders: the renderers of the rendering test

from tests.loaders.filled import fill_template  # noqa: E402
from tests.loaders.rendered import Renders, _crawler, _libreoffice, word_html  # noqa: E402

from disclosure_lint.core.inputs import InputSource, LoadContext  # noqa: E402
from disclosure_lint.core.model import Report  # noqa: E402
from disclosure_lint.core.plugins import build_environment  # noqa: E402
from disclosure_lint.core.values import ValueReason  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
CONVERTED = ROOT / "tests" / "fixtures" / "converted"
KINDS = ("lo-txt", "crawler-txt")


def _cells(report: Report) -> dict[tuple[str, str, str], tuple[object, ValueReason]]:
    return {
        (table.key, cell.row, cell.column): (cell.value, cell.reason)
        for table in report.tables.values()
        for cell in table.cells.values()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list the unread cells")
    args = parser.parse_args()
    env = build_environment(autoload=False)

    def load(path: Path) -> Report:
        return env.load_report(InputSource.from_path(path), LoadContext(env.formats))

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        originals = [
            *sorted(CORPUS.glob("*.html")),
            *sorted(CORPUS.glob("*.docx")),
            *sorted(CONVERTED.glob("*.html")),
            *sorted(CONVERTED.glob("*.docx")),
        ]
        filled = folder / "filled-1.docx"
        fill_template(filled, 1)
        originals += [filled, *word_html([filled], folder / "html")]
        renders = Renders(folder)
        _libreoffice(originals, folder, renders)
        _crawler(originals, folder, renders)
        totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # read, same, wrong
        print(f"{'original':42} {'render':12} {'read':>5} {'same':>5} {'wrong':>5}")
        for original in originals:
            mine = {k: v for k, v in _cells(load(original)).items() if v[1] != ValueReason.MISSING}
            for kind in KINDS:
                made = renders.get(original, kind)
                if made is None:
                    continue
                theirs = _cells(load(made))
                same = sum(1 for k, v in mine.items() if theirs.get(k) == v)
                wrong = [
                    k
                    for k, v in mine.items()
                    if k in theirs and theirs[k][1] != ValueReason.MISSING and theirs[k] != v
                ]
                total = totals[kind]
                total[0] += len(mine)
                total[1] += same
                total[2] += len(wrong)
                print(f"{original.name:42} {kind:12} {len(mine):5} {same:5} {len(wrong):5}")
                if args.show:
                    for key in sorted(mine):
                        if theirs.get(key, (None, ValueReason.MISSING))[1] is ValueReason.MISSING:
                            print("    unread", key)
                    for key in wrong:
                        print("    WRONG", key, mine[key], theirs[key])
        for kind, (read, same, wrong) in totals.items():
            share = same / read if read else 0.0
            print(f"{kind}: {same}/{read} cells read the same ({share:.1%}), {wrong} wrong")


if __name__ == "__main__":
    main()
