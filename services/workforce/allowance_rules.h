// The positions of the workforce and the rules that grant the special
// allowance, read from a JSON file (services/workforce/data/
// allowance_rules.json) that a province edits without a rebuild; and the
// evaluation of those rules for a staff member and a month, with the
// reasons.
//
// Thread-safe: immutable once loaded.
#ifndef DTR_SERVICES_WORKFORCE_ALLOWANCE_RULES_H_
#define DTR_SERVICES_WORKFORCE_ALLOWANCE_RULES_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/reloadable.h"
#include "dtr/workforce/v1/workforce.pb.h"

namespace dtr::workforce {

struct AllowanceRule {
  std::string rule_id;
  std::string title;
  std::string legal_basis;
  absl::CivilDay valid_from;
  std::optional<absl::CivilDay> valid_to;
  std::vector<v1::Role> roles;         // empty: any
  std::vector<std::string> positions;  // empty: any
  std::vector<v1::Field> fields;       // empty: any
  std::vector<v1::AbsenceKind> absence_kinds;
  int absence_days = 0;  // 0: absences never exclude a month

  bool InForceDuring(absl::CivilMonth month) const;
};

class AllowanceRules {
 public:
  static absl::StatusOr<std::shared_ptr<const AllowanceRules>> Parse(
      absl::string_view json);
  static absl::StatusOr<std::shared_ptr<const AllowanceRules>> LoadFile(
      const std::string& path);

  const std::vector<v1::Position>& positions() const { return positions_; }
  bool HasPosition(absl::string_view code) const;
  const std::vector<AllowanceRule>& rules() const { return rules_; }
  // Identifies the content; cached answers carry it.
  uint64_t fingerprint() const { return fingerprint_; }

  // Every rule in force during `month` applied to the staff member with
  // these absences.
  v1::Eligibility Evaluate(const v1::Staff& staff,
                           const std::vector<v1::Absence>& absences,
                           absl::CivilMonth month) const;

 private:
  AllowanceRules() = default;

  std::vector<v1::Position> positions_;
  std::vector<AllowanceRule> rules_;
  uint64_t fingerprint_ = 0;
};

// The positions and allowance rules in use, reloaded on SIGHUP.
using RulesHolder = Reloadable<AllowanceRules>;

}  // namespace dtr::workforce

#endif  // DTR_SERVICES_WORKFORCE_ALLOWANCE_RULES_H_
