"""The evidence tables as one self-contained HTML page."""

from __future__ import annotations

import html
from collections.abc import Sequence

from reviewkit.evidence.model import Cell, Table
from reviewkit.evidence_export.cells import cell_text

__all__ = ["format_html"]

_CSS = """
body { font-family: "Segoe UI", Helvetica, Arial, sans-serif; margin: 2rem; color: #222; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
table { border-collapse: collapse; font-size: 0.85rem; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.4rem; }
th, td { border: 1px solid #bbb; padding: 0.3rem 0.5rem; vertical-align: top; text-align: left; }
th { background: #e8eef4; position: sticky; top: 0; }
tbody tr:nth-child(even) { background: #f7f7f7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
p.note { font-size: 0.8rem; font-style: italic; color: #555; max-width: 60rem; }
"""


def _td(value: Cell) -> str:
    # Numbers align right; line breaks inside a cell stay visible.
    text = html.escape(cell_text(value))
    if isinstance(value, int | float):
        return f'<td class="num">{text}</td>'
    return f"<td>{text.replace(chr(10), '<br>')}</td>"


def format_html(tables: Sequence[Table], *, title: str) -> str:
    """The tables as one self-contained HTML page (inline CSS, no scripts)."""
    esc = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
    ]
    for number, table in enumerate(tables, start=1):
        parts.append(f'<table id="{esc(table.key)}">')
        parts.append(f"<caption>Table {number}. {esc(table.title)}</caption>")
        parts.append("<thead><tr>" + "".join(f"<th>{esc(c.label)}</th>" for c in table.columns))
        parts.append("</tr></thead><tbody>")
        parts.extend(f"<tr>{''.join(_td(v) for v in row)}</tr>" for row in table.rows)
        parts.append(f'</tbody></table><p class="note">{esc(table.footnote)}</p>')
    parts.append("</body></html>\n")
    return "\n".join(parts)
