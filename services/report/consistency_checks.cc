#include "services/report/consistency_checks.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/vietnamese_format.h"

namespace dtr::report {
namespace {

v1::Inconsistency Found(const std::string& figure, const char* check,
                        std::string detail) {
  v1::Inconsistency i;
  i.set_figure(figure);
  i.set_check(check);
  i.set_detail(std::move(detail));
  return i;
}

std::string RateText(int64_t n, int64_t d) {
  std::string text = absl::StrCat(VnInteger(n), "/", VnInteger(d));
  if (d > 0) {
    absl::StrAppend(&text, " (",
                    VnPercent(static_cast<double>(n) / static_cast<double>(d)),
                    ")");
  }
  return text;
}

void CheckRate(const Figure& f, std::vector<v1::Inconsistency>* out) {
  if (f.numerator < 0 || f.denominator < 0 || f.numerator > f.denominator) {
    out->push_back(Found(
        f.key, "rate",
        absl::StrCat("tử số ", VnInteger(f.numerator), " và mẫu số ",
                     VnInteger(f.denominator), " không tạo thành một tỷ lệ")));
    return;
  }
  if (!f.ratio) return;  // formed by the report, or no denominator
  const double computed = f.denominator > 0
                              ? static_cast<double>(f.numerator) /
                                    static_cast<double>(f.denominator)
                              : 0;
  if (f.denominator == 0 || std::fabs(*f.ratio - computed) > 1e-9) {
    out->push_back(
        Found(f.key, "rate",
              absl::StrCat("dịch vụ trả về ", VnDecimal(*f.ratio * 100, 4),
                           "% nhưng ", RateText(f.numerator, f.denominator),
                           " tính ra ", VnDecimal(computed * 100, 4), "%")));
  }
}

// Levels adding up to the total, for each block and name.
void CheckSums(const FigureMap& figures, std::vector<v1::Inconsistency>* out) {
  struct Sum {
    int64_t value = 0, numerator = 0, denominator = 0;
    int levels = 0;
  };
  std::map<std::string, Sum> sums;  // "block.name" → sum over levels
  for (const auto& [key, f] : figures) {
    std::vector<std::string> parts = absl::StrSplit(key, '.');
    if (parts.size() != 3 || !f.additive) continue;
    if (parts[1] == "total" || parts[1] == "upper") continue;
    Sum& s = sums[absl::StrCat(parts[0], ".", parts[2])];
    s.value += f.value;
    s.numerator += f.numerator;
    s.denominator += f.denominator;
    ++s.levels;
  }
  for (const auto& [block_name, s] : sums) {
    const std::vector<std::string> parts = absl::StrSplit(block_name, '.');
    const std::string total_key = absl::StrCat(parts[0], ".total.", parts[1]);
    auto total = figures.find(total_key);
    if (total == figures.end() || s.levels == 0) continue;
    const Figure& t = total->second;
    if (t.kind == Figure::Kind::kRate) {
      if (t.numerator != s.numerator || t.denominator != s.denominator) {
        out->push_back(
            Found(total_key, "sum",
                  absl::StrCat("tổng là ", RateText(t.numerator, t.denominator),
                               " nhưng các cấp cộng lại là ",
                               RateText(s.numerator, s.denominator))));
      }
    } else if (t.value != s.value) {
      out->push_back(Found(
          total_key, "sum",
          absl::StrCat("tổng là ", VnInteger(t.value),
                       " nhưng các cấp cộng lại là ", VnInteger(s.value))));
    }
  }
}

void CheckPublished(const FigureMap& figures, const v1::PublishedFigure& p,
                    std::vector<v1::Inconsistency>* out) {
  auto found = figures.find(p.figure());
  if (found == figures.end()) {
    out->push_back(Found(p.figure(), "published",
                         "đã công bố nhưng báo cáo không có chỉ tiêu này"));
    return;
  }
  const Figure& f = found->second;
  const double scale = std::pow(10.0, p.decimals());
  const std::string where =
      p.source().empty() ? "" : absl::StrCat(" (", p.source(), ")");
  // Details are in the report's language: they appear in its appendix.
  if (f.kind != Figure::Kind::kRate) {
    if (std::llround(p.value()) != f.value) {
      out->push_back(
          Found(f.key, "published",
                absl::StrCat("đã công bố ", VnDecimal(p.value(), p.decimals()),
                             where, "; số liệu gốc cho ", VnInteger(f.value))));
    }
    return;
  }
  const double percent = f.Fraction() * 100;
  if (std::llround(percent * scale) == std::llround(p.value() * scale)) return;
  std::string detail = absl::StrCat(
      "đã công bố ", VnDecimal(p.value(), p.decimals()), "%", where,
      "; số liệu gốc cho ", RateText(f.numerator, f.denominator));
  if (p.value() > 0) {
    const double implied = static_cast<double>(f.numerator) * 100 / p.value();
    absl::StrAppend(&detail, "; ", VnDecimal(p.value(), p.decimals()), "% của ",
                    VnInteger(f.numerator), " tương ứng mẫu số khoảng ",
                    VnInteger(std::llround(implied)));
  }
  // For a total, what the levels say.
  std::vector<std::string> parts = absl::StrSplit(f.key, '.');
  if (parts.size() == 3 && parts[1] == "total") {
    int64_t denominators = 0;
    int levels = 0;
    for (const auto& [key, other] : figures) {
      std::vector<std::string> o = absl::StrSplit(key, '.');
      if (o.size() == 3 && o[0] == parts[0] && o[2] == parts[2] &&
          o[1] != "total" && o[1] != "upper") {
        denominators += other.denominator;
        ++levels;
      }
    }
    if (levels > 0) {
      absl::StrAppend(&detail, ", trong khi mẫu số của ", levels,
                      " cấp cộng lại là ", VnInteger(denominators));
    }
  }
  out->push_back(Found(f.key, "published", std::move(detail)));
}

}  // namespace

std::vector<v1::Inconsistency> CheckFigures(
    const FigureMap& figures,
    const std::vector<v1::PublishedFigure>& published) {
  std::vector<v1::Inconsistency> out;
  for (const auto& [key, f] : figures) {
    if (f.kind == Figure::Kind::kRate) CheckRate(f, &out);
  }
  CheckSums(figures, &out);
  for (const v1::PublishedFigure& p : published) {
    CheckPublished(figures, p, &out);
  }
  return out;
}

}  // namespace dtr::report
