#include "services/report/report_requests.h"

#include <cmath>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/csv_reader.h"
#include "common/dates.h"
#include "common/field_checks.h"
#include "services/report/narrative_sections.h"

namespace dtr::report {

absl::StatusOr<absl::CivilMonth> ParsePeriod(const std::string& text,
                                             absl::CivilDay today) {
  if (text == "previous-month") return absl::CivilMonth(today) - 1;
  int year = 0, month = 0;
  if (text.size() != 7 || text[4] != '-' ||
      !absl::SimpleAtoi(text.substr(0, 4), &year) ||
      !absl::SimpleAtoi(text.substr(5, 2), &month) || month < 1 || month > 12 ||
      year < 1900 || !absl::ascii_isdigit(text[5])) {
    return Invalid("period", absl::StrCat(Quoted(text),
                                          " is not a month (YYYY-MM) nor "
                                          "previous-month"));
  }
  return absl::CivilMonth(year, month);
}

std::string FormatPeriod(absl::CivilMonth month) {
  return absl::StrFormat("%04d-%02d", month.year(), month.month());
}

absl::Status CheckUnitCode(absl::string_view field, const std::string& code) {
  if (code.empty()) return Invalid(field, "is required");
  if (code.size() > 64) return Invalid(field, "is longer than 64 characters");
  return absl::OkStatus();
}

absl::StatusOr<std::string> CheckStoredPeriod(absl::string_view field,
                                              const std::string& period) {
  auto month = ParsePeriod(period, Today());
  if (!month.ok() || period == "previous-month") {
    return BadDate(field, period, DateForm::kMonth);
  }
  return FormatPeriod(*month);
}

absl::Status CheckText(absl::string_view field, const std::string& text,
                       size_t most) {
  if (!IsValidUtf8(text)) return Invalid(field, "is not valid UTF-8");
  if (text.size() > most) {
    return Invalid(field, absl::StrCat("is longer than ", most, " bytes"));
  }
  return absl::OkStatus();
}

absl::Status CheckSection(absl::string_view field, const std::string& id) {
  if (NarrativeSectionIndex(id) < 0) {
    return Invalid(field,
                   absl::StrCat("unknown section '", id, "'; expected ",
                                absl::StrJoin(NarrativeSections(), ", ")));
  }
  return absl::OkStatus();
}

absl::Status CheckNarrative(const v1::Narrative& n) {
  if (absl::Status s = CheckUnitCode("unit_code", n.unit_code()); !s.ok()) {
    return s;
  }
  if (auto p = CheckStoredPeriod("period", n.period()); !p.ok()) {
    return p.status();
  }
  if (absl::Status s = CheckSection("section", n.section()); !s.ok()) return s;
  return CheckText("text", n.text(), kMaxNarrativeBytes);
}

absl::Status CheckSettings(const v1::ReportSettings& s) {
  if (absl::Status st = CheckUnitCode("unit_code", s.unit_code()); !st.ok()) {
    return st;
  }
  if (!s.valid_from().empty() && !ParseIsoDate(s.valid_from())) {
    return Invalid("valid_from",
                   "expected a day, YYYY-MM-DD, or empty (from "
                   "the start)");
  }
  const common::v1::LegalBasis& basis = s.legal_basis();
  if (!basis.date().empty() && !ParseIsoDate(basis.date())) {
    return Invalid("legal_basis.date", "expected a day, YYYY-MM-DD");
  }
  if (basis.number().empty() != basis.date().empty()) {
    return Invalid(
        basis.number().empty() ? "legal_basis.number" : "legal_basis.date",
        "is required with the other");
  }
  const std::pair<const char*, const std::string*> basis_texts[] = {
      {"legal_basis.number", &basis.number()},
      {"legal_basis.article", &basis.article()},
      {"legal_basis.title", &basis.title()},
      {"legal_basis.note", &basis.note()}};
  for (const auto& [field, value] : basis_texts) {
    if (absl::Status st = CheckText(field, *value, kMaxTextField); !st.ok()) {
      return st;
    }
  }
  const std::pair<const char*, const std::string*> required[] = {
      {"issuer", &s.issuer()},
      {"document_symbol", &s.document_symbol()},
      {"place", &s.place()},
      {"signer_name", &s.signer_name()}};
  for (const auto& [field, value] : required) {
    if (value->empty()) return Invalid(field, "is required");
  }
  const std::pair<const char*, const std::string*> texts[] = {
      {"issuer_parent", &s.issuer_parent()},
      {"issuer", &s.issuer()},
      {"document_symbol", &s.document_symbol()},
      {"place", &s.place()},
      {"signer_name", &s.signer_name()}};
  for (const auto& [field, value] : texts) {
    if (absl::Status st = CheckText(field, *value, kMaxTextField); !st.ok()) {
      return st;
    }
  }
  for (int i = 0; i < s.signer_title_size(); ++i) {
    if (absl::Status st = CheckText(absl::StrCat("signer_title[", i, "]"),
                                    s.signer_title(i), kMaxTextField);
        !st.ok()) {
      return st;
    }
  }
  for (int i = 0; i < s.recipients_size(); ++i) {
    if (absl::Status st = CheckText(absl::StrCat("recipients[", i, "]"),
                                    s.recipients(i), kMaxTextField);
        !st.ok()) {
      return st;
    }
  }
  return absl::OkStatus();
}

absl::Status CheckPublished(
    const google::protobuf::RepeatedPtrField<v1::PublishedFigure>& published) {
  std::set<std::string> seen;
  for (int i = 0; i < published.size(); ++i) {
    const v1::PublishedFigure& f = published[i];
    const std::string field = absl::StrCat("published[", i, "]");
    if (f.figure().empty()) return Invalid(field + ".figure", "is required");
    if (!seen.insert(f.figure()).second) {
      return Invalid(field + ".figure",
                     absl::StrCat("'", f.figure(), "' appears twice"));
    }
    if (f.decimals() < 0 || f.decimals() > 6) {
      return Invalid(field + ".decimals", "expected 0 to 6");
    }
    if (!std::isfinite(f.value())) {
      return Invalid(field + ".value", "is not a number");
    }
    if (absl::Status s =
            CheckText(field + ".source", f.source(), kMaxTextField);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace dtr::report
