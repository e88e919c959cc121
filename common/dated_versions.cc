#include "common/dated_versions.h"

#include <fstream>
#include <sstream>

#include "nlohmann/json.hpp"

namespace dtr {
namespace {

using nlohmann::json;

// Keys of a version that are not its content.
constexpr const char* kEnvelopeKeys[] = {"valid_from", "valid_to",
                                         "legal_basis"};

absl::Status Bad(absl::string_view kind, size_t index, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat(kind, ": versions[", index, "]: ", what));
}

// A "YYYY-MM-DD" member of `object`; nullopt when absent, an error naming
// it when malformed.
absl::StatusOr<std::optional<absl::CivilDay>> DayMember(const json& object,
                                                        const char* key) {
  if (!object.contains(key)) return std::nullopt;
  const json& value = object[key];
  std::optional<absl::CivilDay> day;
  if (value.is_string()) day = ParseIsoDate(value.get<std::string>());
  if (!day) {
    return absl::InvalidArgumentError(
        absl::StrCat(key, " must be a day, YYYY-MM-DD"));
  }
  return day;
}

absl::Status ReadLegalBasis(const json& basis, common::v1::LegalBasis* out) {
  if (basis.is_null()) {
    return absl::InvalidArgumentError(
        "legal_basis is required: the number, date and article of the text "
        "this version follows");
  }
  if (!basis.is_object()) {
    return absl::InvalidArgumentError(
        "legal_basis must be an object: {number, date, article, title, "
        "checked, note}");
  }
  for (const char* key : {"number", "date"}) {
    if (!basis.contains(key) || !basis[key].is_string() ||
        basis[key].get<std::string>().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("legal_basis.", key, " is required"));
    }
  }
  if (!ParseIsoDate(basis["date"].get<std::string>())) {
    return absl::InvalidArgumentError(
        "legal_basis.date must be a day, YYYY-MM-DD");
  }
  for (const char* key : {"article", "title", "note"}) {
    if (basis.contains(key) && !basis[key].is_string()) {
      return absl::InvalidArgumentError(
          absl::StrCat("legal_basis.", key, " must be text"));
    }
  }
  if (basis.contains("checked") && !basis["checked"].is_boolean()) {
    return absl::InvalidArgumentError(
        "legal_basis.checked must be true or false");
  }
  out->set_number(basis["number"].get<std::string>());
  out->set_date(basis["date"].get<std::string>());
  out->set_article(basis.value("article", ""));
  out->set_title(basis.value("title", ""));
  out->set_checked(basis.value("checked", false));
  out->set_note(basis.value("note", ""));
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<DatedEntry>> ParseDatedEntries(
    absl::string_view kind, absl::string_view text) {
  json root = json::parse(text.begin(), text.end(), nullptr, false);
  if (root.is_discarded() || !root.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat(kind, ": not a JSON object"));
  }
  std::vector<DatedEntry> out;
  if (!root.contains("versions")) {
    // One version in force on every day: the unversioned form.
    DatedEntry e;
    e.valid_from = absl::CivilDay(1, 1, 1);
    e.meta.set_kind(std::string(kind));  // no days: every day
    e.content = root.dump();
    out.push_back(std::move(e));
    return out;
  }
  for (const auto& [key, value] : root.items()) {
    if (key != "about" && key != "versions") {
      return absl::InvalidArgumentError(absl::StrCat(
          kind, ": ", key,
          " belongs in a version: beside \"versions\" a file has only "
          "\"about\""));
    }
  }
  const json& versions = root["versions"];
  if (!versions.is_array() || versions.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(kind, ": versions must be a list of at least one"));
  }
  for (size_t i = 0; i < versions.size(); ++i) {
    json v = versions[i];
    if (!v.is_object()) return Bad(kind, i, "not an object");
    DatedEntry e;
    auto from = DayMember(v, "valid_from");
    if (!from.ok()) return Bad(kind, i, from.status().message());
    if (!from->has_value()) return Bad(kind, i, "valid_from is required");
    e.valid_from = **from;
    auto to = DayMember(v, "valid_to");
    if (!to.ok()) return Bad(kind, i, to.status().message());
    e.valid_to = *to;
    if (e.valid_to && *e.valid_to < e.valid_from) {
      return Bad(kind, i, "valid_to is before valid_from");
    }
    if (absl::Status s = ReadLegalBasis(v.value("legal_basis", json()),
                                        e.meta.mutable_legal_basis());
        !s.ok()) {
      return Bad(kind, i, s.message());
    }
    if (i > 0) {
      const DatedEntry& before = out.back();
      if (!before.valid_to) {
        return Bad(kind, i - 1,
                   absl::StrCat("has no valid_to but is followed by "
                                "versions[",
                                i, "]; only the last version may be open"));
      }
      if (e.valid_from <= *before.valid_to) {
        return Bad(kind, i,
                   absl::StrCat("valid_from ", FormatDay(e.valid_from),
                                " overlaps versions[", i - 1, "], in force to ",
                                FormatDay(*before.valid_to),
                                " (versions are listed oldest first)"));
      }
      if (e.valid_from != *before.valid_to + 1) {
        return Bad(
            kind, i,
            absl::StrCat("valid_from ", FormatDay(e.valid_from), " leaves ",
                         FormatDay(*before.valid_to + 1), " to ",
                         FormatDay(e.valid_from - 1),
                         " without a version after versions[", i - 1, "]"));
      }
    }
    e.meta.set_kind(std::string(kind));
    e.meta.set_valid_from(FormatDay(e.valid_from));
    if (e.valid_to) e.meta.set_valid_to(FormatDay(*e.valid_to));
    for (const char* key : kEnvelopeKeys) v.erase(key);
    e.content = v.dump();
    out.push_back(std::move(e));
  }
  return out;
}

absl::StatusOr<std::string> ReadDatedFile(absl::string_view kind,
                                          const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(kind, ": cannot read ", path));
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace dtr
