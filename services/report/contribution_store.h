// The units' contributions to a period's report, kept in the report
// service's store: each contribution's current text and state, and every
// step of its life (put, submitted, accepted, returned) with who, when,
// the reason of a return and the text of that step. Steps are never
// updated or deleted (triggers refuse it), so nothing a unit wrote is lost.
//
// A step checks the contribution's state and records the next one in one
// write transaction, so two reviewers cannot both act on one submission.
//
// Thread-safe: every call borrows a connection of its own.
#ifndef DTR_SERVICES_REPORT_CONTRIBUTION_STORE_H_
#define DTR_SERVICES_REPORT_CONTRIBUTION_STORE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/database.h"
#include "dtr/report/v1/report.pb.h"

namespace dtr::report {

enum class ContributionAction { kPut, kSubmit, kAccept, kReturn };

// "a draft", "submitted", …: a state as refusals say it.
const char* ContributionStateInWords(v1::ContributionState state);

// Where a contribution stands, from its steps: now, and when it was
// first submitted (RFC 3339; empty: never).
struct ContributionProgress {
  std::string unit_code;
  std::string section;
  v1::ContributionState state = v1::CONTRIBUTION_STATE_UNSPECIFIED;
  std::string first_submitted_at;
};

class ContributionStore {
 public:
  // The tables, as a schema migration of the report store.
  static const char kSchema[];

  explicit ContributionStore(Database* db) : db_(db) {}

  // Takes `action` on the contribution `step` names, made by `actor` at
  // `at`; `text` for a put, `step.reason()` for a return. The contribution
  // after it, with its history; FAILED_PRECONDITION when its state does
  // not allow the action, NOT_FOUND when there is nothing to act on.
  // `guard`, when given, runs first within the write transaction (the
  // period's locks, read where an issue would have written them) and its
  // error ends the action.
  absl::StatusOr<v1::Contribution> Act(
      const v1::ContributionStep& step, ContributionAction action,
      const std::string& text, const std::string& actor, absl::Time at,
      const std::function<absl::Status(Connection*)>& guard = nullptr);

  // With its history; none when it was never put.
  absl::StatusOr<std::optional<v1::Contribution>> Get(
      const std::string& unit, const std::string& period,
      const std::string& section);

  // A period's contributions (`unit`, `section` empty: all), without
  // histories, by unit then section.
  absl::StatusOr<std::vector<v1::Contribution>> List(
      const std::string& period, const std::string& unit,
      const std::string& section);

  // Every contribution of a period, by unit then section.
  absl::StatusOr<std::vector<ContributionProgress>> Progress(
      const std::string& period);

 private:
  Database* db_;
};

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_CONTRIBUTION_STORE_H_
