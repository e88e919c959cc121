// The widths of a report table's columns: the first column (the labels)
// twice as wide as each figure column, then every column widened to its
// longest word, so that a number such as "33.747/46.955" never breaks
// across lines, taking the width from the columns that have room. The
// DOCX and the PDF lay their tables out with it, measuring words in the
// document's face (Liberation Serif, metric-compatible with Times New
// Roman, through Pango).
//
// Thread-safe: each thread measures with a Pango context of its own.
#ifndef DTR_SERVICES_REPORT_TABLE_COLUMNS_H_
#define DTR_SERVICES_REPORT_TABLE_COLUMNS_H_

#include <string>
#include <vector>

#include "cmark-gfm.h"

namespace dtr::report {

// The face every laid-out rendering is set in.
inline constexpr char kDocumentFace[] = "Liberation Serif";

// The width in points of `text` on one line, in bold when `bold`.
double TextWidthPoints(const std::string& text, double size_pt, bool bold);

// The width in points of the longest whitespace-separated word of `text`.
double LongestWordPoints(const std::string& text, double size_pt, bool bold);

// Widths adding up to `total` (or more, when the words alone need more),
// each at least `min_widths[i]`.
std::vector<double> FitColumns(double total,
                               const std::vector<double>& min_widths);

// The widths of a Markdown table's `columns` across `total` points: each
// column at least its cells' longest word in bold `size_pt` plus
// `margins` (both cell margins and what a reader's rounding needs).
std::vector<double> TableColumnWidths(cmark_node* table, int columns,
                                      double total, double size_pt,
                                      double margins);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_TABLE_COLUMNS_H_
