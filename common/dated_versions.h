// Reference data whose content changes with the law: a file holds every
// version, each with the days it is in force and its legal basis, and a
// computation about a day uses the version in force on that day, so that
// a past period is judged by the rules of its time.
//
//   {"about": "…",
//    "versions": [
//      {"valid_from": "2016-07-01", "valid_to": "2022-09-30",
//       "legal_basis": {"number": "03/2017/TT-BTTTT", "date": "2017-04-24",
//                       "article": "…", "title": "…", "checked": false,
//                       "note": "…"},
//       …the content of this version…},
//      {"valid_from": "2022-10-01", "legal_basis": {…}, …}]}
//
// Versions are listed oldest first; each starts the day after the one
// before it ends (no overlap, no gap); only the last may have no valid_to.
// A file without "versions" is one version in force on every day, with no
// legal basis (the form these files had before they were versioned).
//
// A version's fingerprint covers its content only, so adding a later
// version (which ends the one before it) leaves the earlier versions'
// cached answers valid.
//
// Thread-safe: immutable once loaded.
#ifndef DTR_COMMON_DATED_VERSIONS_H_
#define DTR_COMMON_DATED_VERSIONS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/dates.h"
#include "dtr/common/v1/types.pb.h"

namespace dtr {

// One version as the file states it, its content still JSON text.
struct DatedEntry {
  absl::CivilDay valid_from;
  std::optional<absl::CivilDay> valid_to;
  common::v1::RuleVersion meta;  // kind, days and legal basis
  std::string content;           // the version's JSON without those keys
};

// Reads the versions of `kind` ("controls") from `text`: INVALID_ARGUMENT
// naming the entry ("controls: versions[1]: valid_from …") when a day or
// the legal basis is missing or malformed, or versions overlap, leave a
// gap or are out of order.
absl::StatusOr<std::vector<DatedEntry>> ParseDatedEntries(
    absl::string_view kind, absl::string_view text);

// The file at `path` as text; NOT_FOUND naming it.
absl::StatusOr<std::string> ReadDatedFile(absl::string_view kind,
                                          const std::string& path);

template <typename T>
class DatedVersions {
 public:
  struct Version {
    absl::CivilDay valid_from;
    std::optional<absl::CivilDay> valid_to;
    common::v1::RuleVersion meta;  // with the content's fingerprint
    std::shared_ptr<const T> value;

    bool Covers(absl::CivilDay day) const {
      return day >= valid_from && (!valid_to || day <= *valid_to);
    }
  };
  // Parses one version's content; its fingerprint() identifies it.
  using ParseContent = std::function<absl::StatusOr<std::shared_ptr<const T>>(
      absl::string_view json)>;

  static absl::StatusOr<std::shared_ptr<const DatedVersions>> Parse(
      absl::string_view kind, absl::string_view text,
      const ParseContent& parse) {
    auto entries = ParseDatedEntries(kind, text);
    if (!entries.ok()) return entries.status();
    std::shared_ptr<DatedVersions> out(new DatedVersions(std::string(kind)));
    for (size_t i = 0; i < entries->size(); ++i) {
      DatedEntry& e = (*entries)[i];
      auto value = parse(e.content);
      // A file without versions: the content's own message.
      if (!value.ok() && e.meta.valid_from().empty()) return value.status();
      if (!value.ok()) {
        // "controls: versions[1] (from …): controls[3]: …"
        absl::string_view message = value.status().message();
        const std::string prefix = absl::StrCat(kind, ": ");
        if (absl::StartsWith(message, prefix)) {
          message.remove_prefix(prefix.size());
        }
        return absl::Status(value.status().code(),
                            absl::StrCat(prefix, "versions[", i, "] (from ",
                                         e.meta.valid_from(), "): ", message));
      }
      e.meta.set_fingerprint(
          absl::StrCat(absl::Hex((*value)->fingerprint(), absl::kZeroPad16)));
      out->versions_.push_back(Version{e.valid_from, e.valid_to,
                                       std::move(e.meta), std::move(*value)});
    }
    return std::shared_ptr<const DatedVersions>(std::move(out));
  }

  static absl::StatusOr<std::shared_ptr<const DatedVersions>> LoadFile(
      absl::string_view kind, const std::string& path,
      const ParseContent& parse) {
    auto text = ReadDatedFile(kind, path);
    if (!text.ok()) return text.status();
    return Parse(kind, *text, parse);
  }

  // Oldest first.
  const std::vector<Version>& versions() const { return versions_; }

  // The version in force on `day`, or null.
  const Version* At(absl::CivilDay day) const {
    for (const Version& v : versions_) {
      if (v.Covers(day)) return &v;
    }
    return nullptr;
  }

  // The version in force on `day`; FAILED_PRECONDITION saying which days
  // the file covers when none is.
  absl::StatusOr<const Version*> InForce(absl::CivilDay day) const {
    if (const Version* v = At(day)) return v;
    const Version& first = versions_.front();
    const Version& last = versions_.back();
    return absl::FailedPreconditionError(absl::StrCat(
        "no ", kind_, " version is in force on ", FormatDay(day),
        "; the loaded file covers ", first.meta.valid_from(), " to ",
        last.valid_to ? last.meta.valid_to() : std::string("today and later")));
  }

 private:
  explicit DatedVersions(std::string kind) : kind_(std::move(kind)) {}

  const std::string kind_;
  std::vector<Version> versions_;
};

}  // namespace dtr

#endif  // DTR_COMMON_DATED_VERSIONS_H_
