"""The PRISMA 2020 diagram: well-formed SVG with a box per source, and a real PNG."""

import struct
import xml.etree.ElementTree as ET

from reviewkit.prisma import PrismaCounts
from reviewkit.prisma_diagram import format_svg, layout, render_png

SVG = "{http://www.w3.org/2000/svg}"
COUNTS = PrismaCounts(
    databases=(("PubMed", 120), ("Embase <&> Ovid", 45)),
    registers=(("ClinicalTrials.gov", 5),),
    duplicates=50, records_screened=120, records_excluded=80, records_awaiting=4,
    reports_sought=36, reports_not_retrieved=2, reports_assessed=34,
    reports_excluded=(("wrong population", 3), ("wrong study design", 13)),
    reports_awaiting=1, new_studies=17, new_reports=17, previous_studies=2, previous_reports=2,
)  # fmt: skip


def texts(root):
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def test_svg_is_well_formed_with_one_box_per_source_and_the_counts():
    root = ET.fromstring(format_svg(layout(COUNTS, title="Microneedling & hair")))
    groups = {g.get("id"): g for g in root.iter(f"{SVG}g")}
    sources = [g for g in root.iter(f"{SVG}g") if g.get("id") in ("database", "register")]
    assert len(sources) == 3
    shown = " ".join(texts(root)).replace("\u00a0", " ")
    for expected in (
        "PubMed",
        "(n = 120)",
        "Embase <&> Ovid",
        "(n = 45)",
        "(n = 50)",
        "Records screened",
        "(n = 36)",
        "wrong study design (n = 13)",
        "(n = 17)",
        "(n = 19)",
        "Microneedling & hair",
        "Identification",
        "Screening",
        "Included",
        "Awaiting a final full-text decision (n = 1)",
    ):
        assert expected in shown, expected
    assert "removed" in groups
    assert len(list(root.iter(f"{SVG}line"))) >= 8


def test_every_box_fits_inside_the_drawing():
    drawing = layout(COUNTS)
    for box in drawing.boxes:
        assert box.x >= 0
        assert box.x + box.w <= drawing.width
        assert box.y >= 0
        assert box.y + box.h <= drawing.height


def test_png_has_the_signature_and_a_sane_size():
    drawing = layout(COUNTS)
    data = render_png(drawing, scale=1.0)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (round(drawing.width), round(drawing.height))
    assert 400 < width < 2000
    assert 400 < height < 3000
