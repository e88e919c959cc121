#!/usr/bin/python3
"""Reads an XLSX with openpyxl (Debian's python3-openpyxl, a reader
independent of the writer under test) and prints what the tests check, as
JSON: each sheet's frozen cell, column widths and rows, each cell as its
value (a number stays a number) with its number format."""
import json
import sys

import openpyxl


def main(path):
    book = openpyxl.load_workbook(path)
    out = {}
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows():
            rows.append([{"value": c.value, "format": c.number_format}
                         for c in row])
        widths = {k: d.width for k, d in sheet.column_dimensions.items()}
        out[sheet.title] = {"freeze": sheet.freeze_panes, "widths": widths,
                            "rows": rows}
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
