"""The PRISMA 2020 flow diagram, drawn by reviewkit as SVG and PNG.

:func:`layout` turns :class:`~reviewkit.prisma.PrismaCounts` into one geometry
(boxes with wrapped text lines, arrows, phase bars) in the PRISMA 2020 template's
arrangement: Identification, Screening and Included rows; one box per database
and register; the boxes of what was removed or excluded to the right. Both
renderers draw that same geometry: :func:`format_svg` writes the SVG text itself
(labels escaped), :func:`render_png` draws it with matplotlib (Agg, no display).
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

from reviewkit.prisma import PrismaCounts

__all__ = ["Arrow", "Box", "Layout", "format_svg", "layout", "render_png"]

Kind = Literal["box", "header", "phase", "label"]

_FONT = 12.0  # px
_LINE = 16.0  # px between baselines
_PAD = 8.0
_CHAR = 6.4  # average glyph width of a sans-serif at 12 px; drives wrapping
_FILL = {"box": "#ffffff", "header": "#ffc000", "phase": "#9dc3e6", "label": "none"}
_FONT_FAMILY = "DejaVu Sans, Arial, Helvetica, sans-serif"


@dataclass(frozen=True, slots=True, kw_only=True)
class Box:
    """A rectangle and its text lines; ``align`` is how the lines sit."""

    x: float
    y: float
    w: float
    h: float
    lines: tuple[str, ...]
    kind: Kind = "box"
    align: Literal["middle", "start"] = "middle"
    name: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Arrow:
    """A straight line from (x1, y1) to (x2, y2); ``head`` draws an arrowhead at the end."""

    x1: float
    y1: float
    x2: float
    y2: float
    head: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Layout:
    """The whole diagram, in pixels, origin top left."""

    width: float
    height: float
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]


def _wrap(texts: tuple[str, ...], width: float) -> tuple[str, ...]:
    chars = max(8, int((width - 2 * _PAD) / _CHAR))
    out: list[str] = []
    for text in texts:
        indent = "  " if text[:1] == "•" else ""
        out += textwrap.wrap(
            text, chars, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
        ) or [""]
    return tuple(out)


def _height(lines: tuple[str, ...]) -> float:
    return 2 * _PAD + len(lines) * _LINE


def _n(n: int) -> str:
    # No-break spaces: "(n = 4)" never wraps across lines.
    return f"(n\u00a0=\u00a0{n:,})"


# Columns: phase bar, main boxes, gap with arrows, side boxes.
_PHASE_X, _PHASE_W = 10.0, 28.0
_MAIN_X, _MAIN_W = 54.0, 330.0
_SIDE_X, _SIDE_W = 444.0, 320.0
_GAP_Y = 36.0
_WIDTH = _SIDE_X + _SIDE_W + 12
_CENTRE = _MAIN_X + _MAIN_W / 2


def _identification(c: PrismaCounts, top: float) -> tuple[list[Box], list[Arrow], float, float]:
    """Per-source boxes, their merge line and the removed-before-screening box.

    Returns the boxes, the arrows, the y of the merge line (where the main flow
    continues down) and the bottom of the row.
    """
    sources = [(name, n, "database") for name, n in c.databases]
    sources += [(f"{name} (register)", n, "register") for name, n in c.registers]
    if not sources:
        sources = [("Databases", 0, "database")]
    label = Box(x=_MAIN_X, y=top, w=_MAIN_W, h=_LINE + 4, lines=("Records identified from:",),
                kind="label", name="identified")  # fmt: skip
    top += _LINE + 8
    gap = 8.0
    width = (_MAIN_W - gap * (len(sources) - 1)) / len(sources)
    texts = [_wrap((name, _n(n)), width) for name, n, _ in sources]
    height = max(_height(t) for t in texts)
    boxes = [
        Box(x=_MAIN_X + i * (width + gap), y=top, w=width, h=height, lines=t, name=kind)
        for i, (t, (_, _, kind)) in enumerate(zip(texts, sources, strict=True))
    ]
    removed = _wrap(
        ("Records removed before screening:",
         f"• Duplicate records removed {_n(c.duplicates)}",
         f"• Records marked as ineligible by automation tools {_n(c.excluded_automatic)}",
         f"• Records removed for other reasons {_n(c.excluded_other)}"),
        _SIDE_W,
    )  # fmt: skip
    merge = top + height + 18
    side_h = _height(removed)
    side_top = max(top - _LINE - 8, merge - side_h / 2)
    side = Box(x=_SIDE_X, y=side_top, w=_SIDE_W, h=side_h, lines=removed, align="start",
               name="removed")  # fmt: skip
    merge = side_top + side_h / 2
    arrows = [Arrow(x1=b.x + b.w / 2, y1=b.y + b.h, x2=b.x + b.w / 2, y2=merge, head=False)
              for b in boxes]  # fmt: skip
    first, last = boxes[0], boxes[-1]
    arrows.append(Arrow(x1=min(first.x + first.w / 2, _CENTRE), y1=merge,
                        x2=max(last.x + last.w / 2, _CENTRE), y2=merge, head=False))  # fmt: skip
    arrows.append(Arrow(x1=_CENTRE, y1=merge, x2=_SIDE_X, y2=merge))
    bottom = max(merge, side_top + side_h)
    return [label, *boxes, side], arrows, merge, bottom


def _pair(
    top: float, main: tuple[str, ...], side: tuple[str, ...], name: str
) -> tuple[list[Box], list[Arrow], float, float]:
    """A main box with an optional side box beside it; (boxes, arrows, main bottom, bottom)."""
    main_lines = _wrap(main, _MAIN_W)
    main_h = _height(main_lines)
    boxes = [Box(x=_MAIN_X, y=top, w=_MAIN_W, h=main_h, lines=main_lines, name=name)]
    arrows: list[Arrow] = []
    bottom = top + main_h
    if side:
        side_lines = _wrap(side, _SIDE_W)
        side_h = _height(side_lines)
        align: Literal["middle", "start"] = "start" if len(side) > 2 else "middle"
        boxes.append(Box(x=_SIDE_X, y=top, w=_SIDE_W, h=side_h, lines=side_lines, align=align,
                         name=f"{name}-side"))  # fmt: skip
        mid = top + min(main_h, side_h) / 2
        arrows.append(Arrow(x1=_MAIN_X + _MAIN_W, y1=mid, x2=_SIDE_X, y2=mid))
        bottom = max(bottom, top + side_h)
    return boxes, arrows, top + main_h, bottom


def _awaiting(n: int, what: str) -> tuple[str, ...]:
    return (f"Awaiting a final {what} decision {_n(n)}",) if n else ()


def _included(c: PrismaCounts, top: float, above: float) -> tuple[list[Box], list[Arrow], float]:
    """The Included row: new (and previous) studies, then the total."""
    arrows = [Arrow(x1=_CENTRE, y1=above, x2=_CENTRE, y2=top)]
    if not (c.previous_studies or c.previous_reports):
        total = ("Studies included in review", _n(c.total_studies),
                 "Reports of included studies", _n(c.total_reports))  # fmt: skip
        boxes, _, _, bottom = _pair(top, total, (), "total")
        return boxes, arrows, bottom
    new = ("New studies included in review", _n(c.new_studies),
           "Reports of new included studies", _n(c.new_reports))  # fmt: skip
    previous = (
        "Studies included in previous version of review",
        _n(c.previous_studies),
        "Reports of studies included in previous version",
        _n(c.previous_reports),
    )
    boxes, _, main_bottom, bottom = _pair(top, new, previous, "new")
    total_top = bottom + _GAP_Y
    side = boxes[-1]
    arrows.append(Arrow(x1=_CENTRE, y1=main_bottom, x2=_CENTRE, y2=total_top))
    arrows.append(Arrow(x1=side.x + side.w / 2, y1=side.y + side.h, x2=_MAIN_X + _MAIN_W,
                        y2=total_top + 12))  # fmt: skip
    total = ("Total studies included in review", _n(c.total_studies),
             "Reports of total included studies", _n(c.total_reports))  # fmt: skip
    placed, _, _, bottom = _pair(total_top, total, (), "total")
    return boxes + placed, arrows, bottom


def layout(counts: PrismaCounts, *, title: str = "") -> Layout:
    """Place every box and arrow of the PRISMA 2020 diagram for ``counts``. Pure."""
    c = counts
    boxes: list[Box] = []
    arrows: list[Arrow] = []
    top = 12.0
    if title:
        boxes.append(Box(x=_PHASE_X, y=top, w=_WIDTH - 2 * _PHASE_X, h=26, lines=(title,),
                         kind="phase", name="title"))  # fmt: skip
        top += 38
    header = "Identification of new studies via databases and registers"
    boxes.append(Box(x=_MAIN_X, y=top, w=_SIDE_X + _SIDE_W - _MAIN_X, h=26, lines=(header,),
                     kind="header", name="header"))  # fmt: skip
    top += 26 + 14
    phases: list[tuple[str, float, float]] = []
    found, links, above, bottom = _identification(c, top)
    boxes += found
    arrows += links
    phases.append(("Identification", top, bottom))
    reasons = tuple(f"• {reason} {_n(n)}" for reason, n in c.reports_excluded)
    rows: list[tuple[tuple[str, ...], tuple[str, ...], str]] = [
        (("Records screened", _n(c.records_screened)),
         ("Records excluded", _n(c.records_excluded),
          *_awaiting(c.records_awaiting, "title-abstract")), "screened"),
        (("Reports sought for retrieval", _n(c.reports_sought)),
         ("Reports not retrieved", _n(c.reports_not_retrieved)), "sought"),
        (("Reports assessed for eligibility", _n(c.reports_assessed)),
         ("Reports excluded:", *reasons, *_awaiting(c.reports_awaiting, "full-text")),
         "assessed"),
    ]  # fmt: skip
    screen_top = row_top = bottom + _GAP_Y
    for main, side, name in rows:
        arrows.append(Arrow(x1=_CENTRE, y1=above, x2=_CENTRE, y2=row_top))
        placed, links, above, bottom = _pair(row_top, main, side, name)
        boxes += placed
        arrows += links
        row_top = bottom + _GAP_Y
    phases.append(("Screening", screen_top, bottom))
    placed, links, bottom = _included(c, row_top, above)
    boxes += placed
    arrows += links
    phases.append(("Included", row_top, bottom))
    boxes += [Box(x=_PHASE_X, y=y0, w=_PHASE_W, h=y1 - y0, lines=(label,), kind="phase",
                  name=label.lower()) for label, y0, y1 in phases]  # fmt: skip
    return Layout(width=_WIDTH, height=bottom + 14, boxes=tuple(boxes), arrows=tuple(arrows))


# ----------------------------------------------------------------------------- SVG


def _svg_text(box: Box) -> list[str]:
    vertical = box.kind == "phase" and box.h > box.w
    first = box.y + box.h / 2 - (len(box.lines) - 1) * _LINE / 2
    weight = ' font-weight="bold"' if box.kind in ("header", "phase") else ""
    out = []
    for i, line in enumerate(box.lines):
        if vertical:
            cx, cy = box.x + box.w / 2, box.y + box.h / 2
            out.append(
                f'<text x="{cx:.1f}" y="{cy:.1f}" text-anchor="middle" '
                f'dominant-baseline="central"{weight} '
                f'transform="rotate(-90 {cx:.1f} {cy:.1f})">{escape(line)}</text>'
            )
            continue
        x = box.x + box.w / 2 if box.align == "middle" else box.x + _PAD
        y = first + i * _LINE
        out.append(f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{box.align}" '
                   f'dominant-baseline="central"{weight}>{escape(line)}</text>')  # fmt: skip
    return out


def format_svg(drawing: Layout) -> str:
    """The diagram as a standalone SVG document (UTF-8 text, labels escaped)."""
    w, h = drawing.width, drawing.height
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0f}" height="{h:.0f}" '
        f'viewBox="0 0 {w:.0f} {h:.0f}" font-family={quoteattr(_FONT_FAMILY)} '
        f'font-size="{_FONT:.0f}">',
        "<title>PRISMA 2020 flow diagram</title>",
        '<defs><marker id="head" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#000"/></marker>'
        "</defs>",
        f'<rect width="{w:.0f}" height="{h:.0f}" fill="#ffffff"/>',
    ]
    for box in drawing.boxes:
        rx = 0 if box.kind == "box" else 6
        stroke = "none" if box.kind == "label" else "#000"
        out.append(
            f"<g class={quoteattr(box.kind)} id={quoteattr(box.name)}>"
            f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" '
            f'rx="{rx}" fill="{_FILL[box.kind]}" stroke="{stroke}"/>'
        )
        out += _svg_text(box)
        out.append("</g>")
    for a in drawing.arrows:
        marker = ' marker-end="url(#head)"' if a.head else ""
        out.append(f'<line x1="{a.x1:.1f}" y1="{a.y1:.1f}" x2="{a.x2:.1f}" y2="{a.y2:.1f}" '
                   f'stroke="#000" stroke-width="1.2"{marker}/>')  # fmt: skip
    out.append("</svg>")
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------- PNG


def render_png(drawing: Layout, *, scale: float = 2.0) -> bytes:
    """The same diagram as PNG bytes, ``scale`` pixels per layout pixel (matplotlib, Agg)."""
    # Imported here: matplotlib is slow to import and only this function needs it.
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

    dpi = 100 * scale
    figure = Figure(figsize=(drawing.width / 100, drawing.height / 100), dpi=dpi)
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, drawing.width)
    ax.set_ylim(drawing.height, 0)  # y grows downwards, as in the SVG
    ax.axis("off")
    points = _FONT * 72 / 100  # layout pixels are 1/100 inch
    for box in drawing.boxes:
        if box.kind == "box":
            ax.add_patch(Rectangle((box.x, box.y), box.w, box.h, facecolor=_FILL[box.kind],
                                   edgecolor="black", linewidth=0.8))  # fmt: skip
        elif box.kind != "label":
            style = "round,pad=0,rounding_size=6"
            ax.add_patch(FancyBboxPatch((box.x, box.y), box.w, box.h, boxstyle=style,
                                        facecolor=_FILL[box.kind], edgecolor="black",
                                        linewidth=0.8))  # fmt: skip
        weight = "bold" if box.kind in ("header", "phase") else "normal"
        if box.kind == "phase" and box.h > box.w:
            ax.text(box.x + box.w / 2, box.y + box.h / 2, box.lines[0], rotation=90,
                    ha="center", va="center", fontsize=points, fontweight=weight)  # fmt: skip
            continue
        first = box.y + box.h / 2 - (len(box.lines) - 1) * _LINE / 2
        x = box.x + box.w / 2 if box.align == "middle" else box.x + _PAD
        ha = "center" if box.align == "middle" else "left"
        for i, line in enumerate(box.lines):
            ax.text(x, first + i * _LINE, line, ha=ha, va="center", fontsize=points,
                    fontweight=weight)  # fmt: skip
    for a in drawing.arrows:
        style = "-|>" if a.head else "-"
        ax.add_patch(FancyArrowPatch((a.x1, a.y1), (a.x2, a.y2), arrowstyle=style,
                                     mutation_scale=10, color="black", linewidth=0.9,
                                     shrinkA=0, shrinkB=0))  # fmt: skip
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()
