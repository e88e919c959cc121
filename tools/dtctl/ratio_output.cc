#include "tools/dtctl/ratio_output.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tools/dtctl/progress_bar.h"

namespace dtr::dtctl {

std::string RatioText(const common::v1::Ratio& r) {
  std::string text = absl::StrCat(GroupDigits(r.numerator()), "/",
                                  GroupDigits(r.denominator()));
  if (r.has_ratio()) {
    absl::StrAppend(&text, absl::StrFormat(" %.2f%%", r.ratio() * 100));
  }
  return text;
}

}  // namespace dtr::dtctl
