#include "common/figure_parts.h"

#include "common/field_checks.h"

namespace dtr {

absl::Status CheckFigurePart(common::v1::FigurePart part) {
  if (part == common::v1::FIGURE_PART_NUMERATOR ||
      part == common::v1::FIGURE_PART_DENOMINATOR ||
      part == common::v1::FIGURE_PART_REST) {
    return absl::OkStatus();
  }
  return Invalid("part", "expected numerator, denominator or rest");
}

bool InFigurePart(common::v1::FigurePart part, bool in_numerator) {
  switch (part) {
    case common::v1::FIGURE_PART_NUMERATOR:
      return in_numerator;
    case common::v1::FIGURE_PART_REST:
      return !in_numerator;
    default:
      return true;
  }
}

}  // namespace dtr
