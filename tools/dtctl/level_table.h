// The table dtctl prints for people from a summary: one line per figure,
// one column for the whole subtree ("all") and one per level.
#ifndef DTR_TOOLS_DTCTL_LEVEL_TABLE_H_
#define DTR_TOOLS_DTCTL_LEVEL_TABLE_H_

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace dtr::dtctl {

template <typename Block>
struct TableLine {
  const char* label;
  std::string (*cell)(const Block&);
};

template <typename Block>
using TableColumns = std::vector<std::pair<std::string, const Block*>>;

// `title` on the first line, then the table. Labels are ASCII and cells
// are digits and punctuation, so bytes are columns.
template <typename Block>
std::string LevelTable(const std::string& title,
                       const TableColumns<Block>& columns,
                       const std::vector<TableLine<Block>>& lines) {
  int label_width = 9;  // "indicator"
  for (const TableLine<Block>& line : lines) {
    label_width = std::max(label_width, static_cast<int>(strlen(line.label)));
  }
  std::vector<int> widths(columns.size());
  for (size_t c = 0; c < columns.size(); ++c) {
    widths[c] = static_cast<int>(columns[c].first.size());
    for (const TableLine<Block>& line : lines) {
      widths[c] = std::max(
          widths[c], static_cast<int>(line.cell(*columns[c].second).size()));
    }
  }
  std::string out = title + "\n";
  absl::StrAppend(&out, absl::StrFormat("%-*s", label_width, "indicator"));
  for (size_t c = 0; c < columns.size(); ++c) {
    absl::StrAppend(&out, "  ",
                    absl::StrFormat("%*s", widths[c], columns[c].first));
  }
  out += '\n';
  for (const TableLine<Block>& line : lines) {
    absl::StrAppend(&out, absl::StrFormat("%-*s", label_width, line.label));
    for (size_t c = 0; c < columns.size(); ++c) {
      absl::StrAppend(
          &out, "  ",
          absl::StrFormat("%*s", widths[c], line.cell(*columns[c].second)));
    }
    out += '\n';
  }
  return out;
}

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_LEVEL_TABLE_H_
