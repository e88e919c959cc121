#include "services/stats/records.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/field_checks.h"
#include "services/stats/stats_names.h"

namespace dtr::stats {
namespace {

// Parses an optional date field; `day` is left alone when it is empty.
absl::Status CheckOptionalDay(absl::string_view field, const std::string& value,
                              std::optional<absl::CivilDay>* day) {
  if (value.empty()) return absl::OkStatus();
  *day = ParseDay(value);
  if (!*day) return BadDate(field, value, DateForm::kDayOrTime);
  return absl::OkStatus();
}

// Days later than tomorrow (a day of slack for clocks and time zones) are
// typing errors: a record dated 2033 would count in no report but its own.
absl::Status CheckNotFuture(absl::string_view field, absl::CivilDay day) {
  if (day > Today() + 1) {
    return Invalid(field,
                   absl::StrCat("is in the future (", FormatDay(day), ")"));
  }
  return absl::OkStatus();
}

// A required day field.
absl::StatusOr<absl::CivilDay> CheckDay(absl::string_view field,
                                        const std::string& value) {
  std::optional<absl::CivilDay> day = ParseDay(value);
  if (!day) return BadDate(field, value, DateForm::kDayOrTime);
  return *day;
}

// The unit's version on `day`, as the level to count the record at.
absl::Status ResolveUnit(const UnitTree& units, const std::string& code,
                         absl::CivilDay day, std::string* level) {
  const UnitVersion* unit = units.Find(code, day);
  if (unit == nullptr) {
    return Invalid("unit_code", absl::StrCat("unknown unit '", code, "' on ",
                                             FormatDay(day)));
  }
  *level = unit->level;
  return absl::OkStatus();
}

}  // namespace

absl::Status ToDossierRecord(const v1::Dossier& d, const UnitTree& units,
                             DossierRecord* r) {
  for (const auto& [field, value] :
       {std::pair{"dossier_id", &d.dossier_id()},
        std::pair{"unit_code", &d.unit_code()},
        std::pair{"procedure_code", &d.procedure_code()}}) {
    if (absl::Status s = CheckId(field, *value); !s.ok()) return s;
  }
  absl::StatusOr<absl::CivilDay> received =
      CheckDay("received_at", d.received_at());
  if (!received.ok()) return received.status();
  if (ChannelName(d.channel()).empty()) {
    return Invalid("channel", "expected online, direct or postal");
  }
  if (ServiceLevelName(d.service_level()).empty()) {
    return Invalid("service_level", "expected full, partial or none");
  }
  if (DossierStatusName(d.status()).empty()) {
    return Invalid("status",
                   "expected pending, done_on_time, done_late, returned or "
                   "cancelled");
  }
  std::optional<absl::CivilDay> due, finished;
  if (absl::Status s = CheckOptionalDay("due_at", d.due_at(), &due); !s.ok()) {
    return s;
  }
  if (absl::Status s =
          CheckOptionalDay("finished_at", d.finished_at(), &finished);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckNotFuture("received_at", *received); !s.ok()) {
    return s;
  }
  if (finished) {
    if (absl::Status s = CheckNotFuture("finished_at", *finished); !s.ok()) {
      return s;
    }
  }
  if (due && *due < *received) {
    return Invalid("due_at", "is before received_at");
  }
  if (finished && *finished < *received) {
    return Invalid("finished_at", "is before received_at");
  }
  if (absl::Status s = ResolveUnit(units, d.unit_code(), *received, &r->level);
      !s.ok()) {
    return s;
  }
  r->dossier_id = d.dossier_id();
  r->unit_code = d.unit_code();
  r->procedure_code = d.procedure_code();
  r->received_at = d.received_at();
  r->received_day = DayNumber(*received);
  r->channel = d.channel();
  r->service_level = d.service_level();
  r->digitized = d.digitized();
  r->status = d.status();
  r->due_at = d.due_at();
  r->finished_at = d.finished_at();
  r->components_digitized.reset();
  if (d.has_components_digitized()) {
    r->components_digitized = d.components_digitized();
  }
  r->results_reused.reset();
  if (d.has_results_reused()) r->results_reused = d.results_reused();
  return absl::OkStatus();
}

absl::Status ToPaymentRecord(const v1::Payment& p, const UnitTree& units,
                             PaymentRecord* r) {
  if (absl::Status s = CheckId("transaction_id", p.transaction_id()); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckId("unit_code", p.unit_code()); !s.ok()) return s;
  absl::StatusOr<absl::CivilDay> paid = CheckDay("paid_at", p.paid_at());
  if (!paid.ok()) return paid.status();
  if (absl::Status s = CheckNotFuture("paid_at", *paid); !s.ok()) return s;
  if (p.amount_vnd() <= 0) {
    return Invalid("amount_vnd", "must be a positive number of đồng");
  }
  if (p.amount_vnd() > kMaxAmountVnd) {
    return Invalid("amount_vnd",
                   "is above 10,000,000,000,000 đồng; is it in đồng?");
  }
  if (PaymentStatusName(p.status()).empty()) {
    return Invalid("status", "expected success or failed");
  }
  if (absl::Status s = ResolveUnit(units, p.unit_code(), *paid, &r->level);
      !s.ok()) {
    return s;
  }
  r->transaction_id = p.transaction_id();
  r->unit_code = p.unit_code();
  r->paid_at = p.paid_at();
  r->paid_day = DayNumber(*paid);
  r->amount_vnd = p.amount_vnd();
  r->status = p.status();
  return absl::OkStatus();
}

}  // namespace dtr::stats
