"""Tests for reviewkit.evidence_export.html_format (see also test_markdown_format)."""

from __future__ import annotations

from reviewkit.evidence import Column, Table
from reviewkit.evidence_export import format_html


def test_cells_are_escaped_numbers_aligned_and_line_breaks_kept():
    table = Table(
        key="t<1>", title="A & B", footnote="x < y",
        columns=(Column(key="a", label="<A>"), Column(key="n", label="N")),
        rows=(("one\ntwo & <three>", 2.5), (None, 3)),
    )  # fmt: skip
    page = format_html([table], title="T & T")
    assert "<title>T &amp; T</title>" in page
    assert '<table id="t&lt;1&gt;">' in page
    assert "<th>&lt;A&gt;</th>" in page
    assert "<td>one<br>two &amp; &lt;three&gt;</td>" in page
    assert '<td class="num">2.5</td>' in page
    assert '<tr><td></td><td class="num">3</td></tr>' in page
    assert '<p class="note">x &lt; y</p>' in page
    assert page.endswith("</body></html>\n")
