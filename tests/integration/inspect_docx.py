#!/usr/bin/python3
"""Reads a DOCX with python-docx (Debian's python3-docx, a reader independent
of the writer under test) and prints what the report tests check, as JSON:
page size and margins in millimetres, the default font, the page-number
header and the empty first-page header, every paragraph and table cell's
text, and the formatting of the head, title and signature."""
import json
import sys

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH


def mm(length):
    return None if length is None else round(length.mm, 2)


def run_facts(paragraph):
    """Bold, italic and sizes of a paragraph's runs (inherited when unset)."""
    runs = [r for r in paragraph.runs if r.text.strip()]
    return {
        "text": paragraph.text,
        "bold": bool(runs) and all(r.bold for r in runs),
        "italic": bool(runs) and all(r.italic for r in runs),
        "sizes": sorted({r.font.size.pt for r in runs if r.font.size}),
        "centered": paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER,
    }


def main(path):
    document = docx.Document(path)
    section = document.sections[0]
    normal = document.styles["Normal"].font
    facts = {
        "page_width_mm": mm(section.page_width),
        "page_height_mm": mm(section.page_height),
        "margin_top_mm": mm(section.top_margin),
        "margin_bottom_mm": mm(section.bottom_margin),
        "margin_left_mm": mm(section.left_margin),
        "margin_right_mm": mm(section.right_margin),
        "font": normal.name,
        "font_size_pt": normal.size.pt if normal.size else None,
        "different_first_page": section.different_first_page_header_footer,
        "header_has_page_field": "PAGE" in section.header._element.xml,
        "header_centered": any(
            p.alignment == WD_ALIGN_PARAGRAPH.CENTER
            for p in section.header.paragraphs),
        "first_page_header_text": "".join(
            p.text for p in section.first_page_header.paragraphs),
        "paragraphs": [run_facts(p) for p in document.paragraphs],
        "images": [
            {"width_pt": round(s.width.pt), "height_pt": round(s.height.pt),
             "content_type": s._inline.graphic.graphicData.pic.blipFill.blip
             .embed and document.part.related_parts[
                 s._inline.graphic.graphicData.pic.blipFill.blip.embed
             ].content_type}
            for s in document.inline_shapes],
        "tables": [],
    }
    for table in document.tables:
        cells = []
        for row in table.rows:
            for cell in row.cells:
                cells.append([run_facts(p) for p in cell.paragraphs])
        facts["tables"].append(cells)
    json.dump(facts, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
