"""What the reading derives from a format (label index, scanner keys, sums) follows the format
object it was asked for: a format loaded again, or edited, is read with its own labels."""

from pathlib import Path

from disclosure_lint.core.format_files import load_format_file
from disclosure_lint.reading.runon import LEAF, LabelScanner, total_relations
from disclosure_lint.reading.tablemap.index import table_index

FORMAT = Path(__file__).parent.parent / "rules" / "formats" / "gov-2021.yaml"


def test_a_format_loaded_again_is_indexed_with_its_own_blocks() -> None:
    first, second = load_format_file(FORMAT), load_format_file(FORMAT)
    assert first == second and first is not second
    for fmt in (first, second):  # the first fills the caches; the second must not get its blocks
        table = fmt.table("table3")
        index = table_index(table)
        for block, leaf in index.leaves.values():
            assert any(block is own for own in table.blocks)
            assert any(leaf is own for own in block.leaf_rows)
        for block in table.blocks:
            assert total_relations(block) == total_relations(first.table("table3").blocks[0])


def test_an_edited_format_is_read_with_its_own_labels(tmp_path: Path) -> None:
    """A format file edited between two loads (a user's format, ``serve`` reloading it): the
    label index and the scanner of the edited table know the new label, not the old one."""
    edited_file = tmp_path / "gov-2021.yaml"
    text = FORMAT.read_text(encoding="utf-8")
    assert text.count("label: 规章}") == 1
    edited_file.write_text(text.replace("label: 规章}", "label: 规章制度}"), encoding="utf-8")
    line = "规章制度 5 0 12"
    original = load_format_file(FORMAT).table("table2")
    before = LabelScanner(original).scan(line)
    assert (before[0].kind, before[0].text) == (LEAF, "规章")
    assert "规章" in table_index(original).leaves

    edited = load_format_file(edited_file).table("table2")
    after = LabelScanner(edited).scan(line)
    assert (after[0].kind, after[0].text) == (LEAF, "规章制度")
    assert after[1].kind == "values"
    assert "规章制度" in table_index(edited).leaves and "规章" not in table_index(edited).leaves
    # and the original is still read as it was
    assert LabelScanner(original).scan(line) == before


def test_the_scanner_maps_each_normalised_character_to_where_it_came_from() -> None:
    """The shortcuts for lines whose characters each normalise to at most one give what the
    character-by-character definition gives; so does a line with a character that expands."""
    from disclosure_lint.core.labels import normalize
    from disclosure_lint.reading.runon.scanner import _normalized_with_origin

    def by_definition(text: str) -> tuple[str, list[int]]:
        chars, origin = [], []
        for index, char in enumerate(text):
            for out in normalize(char):
                chars.append(out)
                origin.append(index)
        return "".join(chars), origin

    corpus = Path(__file__).parent / "corpus"
    lines = [
        line
        for path in sorted(corpus.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    lines += ["⑴予以公开 6 0 0", "（一）予以公开　6\t0 0", "", "㈠部分公开"]
    assert any(" " in line for line in lines)
    for line in lines:
        norm, origin = _normalized_with_origin(line)
        assert (norm, list(origin)) == by_definition(line)
