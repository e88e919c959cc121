#include "services/stats/records.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/dates.h"
#include "common/enum_names.h"

namespace dtr::stats {
namespace {

const std::pair<v1::Channel, absl::string_view> kChannels[] = {
    {v1::CHANNEL_ONLINE, "online"},
    {v1::CHANNEL_DIRECT, "direct"},
    {v1::CHANNEL_POSTAL, "postal"}};
const std::pair<v1::ServiceLevel, absl::string_view> kServiceLevels[] = {
    {v1::SERVICE_LEVEL_FULL, "full"},
    {v1::SERVICE_LEVEL_PARTIAL, "partial"},
    {v1::SERVICE_LEVEL_NONE, "none"}};
const std::pair<v1::DossierStatus, absl::string_view> kDossierStatuses[] = {
    {v1::DOSSIER_STATUS_PENDING, "pending"},
    {v1::DOSSIER_STATUS_DONE_ON_TIME, "done_on_time"},
    {v1::DOSSIER_STATUS_DONE_LATE, "done_late"},
    {v1::DOSSIER_STATUS_RETURNED, "returned"},
    {v1::DOSSIER_STATUS_CANCELLED, "cancelled"}};
const std::pair<v1::PaymentStatus, absl::string_view> kPaymentStatuses[] = {
    {v1::PAYMENT_STATUS_SUCCESS, "success"},
    {v1::PAYMENT_STATUS_FAILED, "failed"}};

bool Fail(FieldError* error, absl::string_view field, std::string reason) {
  error->field = std::string(field);
  error->reason = std::move(reason);
  return false;
}

bool CheckId(absl::string_view field, const std::string& value,
             FieldError* error) {
  if (value.empty()) return Fail(error, field, "is required");
  if (value.size() > kMaxIdLength) {
    return Fail(error, field,
                absl::StrCat("is longer than ", kMaxIdLength, " characters"));
  }
  return true;
}

// Parses an optional date field; `day` is left alone when it is empty.
bool CheckOptionalDay(absl::string_view field, const std::string& value,
                      std::optional<absl::CivilDay>* day, FieldError* error) {
  if (value.empty()) return true;
  *day = ParseDay(value);
  if (!*day) {
    return Fail(error, field, "expected YYYY-MM-DD or an RFC 3339 time");
  }
  return true;
}

// Days later than tomorrow (a day of slack for clocks and time zones) are
// typing errors: a record dated 2033 would count in no report but its own.
bool CheckNotFuture(absl::string_view field, absl::CivilDay day,
                    FieldError* error) {
  if (day > Today() + 1) {
    return Fail(error, field,
                absl::StrCat("is in the future (", FormatDay(day), ")"));
  }
  return true;
}

// The unit's version on `day`, as the level to count the record at.
bool ResolveUnit(const UnitTree& units, const std::string& code,
                 absl::CivilDay day, std::string* level, FieldError* error) {
  const UnitVersion* unit = units.Find(code, day);
  if (unit == nullptr) {
    return Fail(error, "unit_code",
                absl::StrCat("unknown unit '", code, "' on ", FormatDay(day)));
  }
  *level = unit->level;
  return true;
}

}  // namespace

absl::string_view ChannelName(v1::Channel v) { return NameOf(kChannels, v); }
absl::string_view ServiceLevelName(v1::ServiceLevel v) {
  return NameOf(kServiceLevels, v);
}
absl::string_view DossierStatusName(v1::DossierStatus v) {
  return NameOf(kDossierStatuses, v);
}
absl::string_view PaymentStatusName(v1::PaymentStatus v) {
  return NameOf(kPaymentStatuses, v);
}
bool ParseChannel(absl::string_view t, v1::Channel* v) {
  return ParseName(kChannels, t, v);
}
bool ParseServiceLevel(absl::string_view t, v1::ServiceLevel* v) {
  return ParseName(kServiceLevels, t, v);
}
bool ParseDossierStatus(absl::string_view t, v1::DossierStatus* v) {
  return ParseName(kDossierStatuses, t, v);
}
bool ParsePaymentStatus(absl::string_view t, v1::PaymentStatus* v) {
  return ParseName(kPaymentStatuses, t, v);
}

bool ToDossierRecord(const v1::Dossier& d, const UnitTree& units,
                     DossierRecord* r, FieldError* error) {
  if (!CheckId("dossier_id", d.dossier_id(), error) ||
      !CheckId("unit_code", d.unit_code(), error) ||
      !CheckId("procedure_code", d.procedure_code(), error)) {
    return false;
  }
  if (d.received_at().empty()) return Fail(error, "received_at", "is required");
  std::optional<absl::CivilDay> received = ParseDay(d.received_at());
  if (!received) {
    return Fail(error, "received_at",
                "expected YYYY-MM-DD or an RFC 3339 time");
  }
  if (ChannelName(d.channel()).empty()) {
    return Fail(error, "channel", "expected online, direct or postal");
  }
  if (ServiceLevelName(d.service_level()).empty()) {
    return Fail(error, "service_level", "expected full, partial or none");
  }
  if (DossierStatusName(d.status()).empty()) {
    return Fail(error, "status",
                "expected pending, done_on_time, done_late, returned or "
                "cancelled");
  }
  std::optional<absl::CivilDay> due, finished;
  if (!CheckOptionalDay("due_at", d.due_at(), &due, error) ||
      !CheckOptionalDay("finished_at", d.finished_at(), &finished, error)) {
    return false;
  }
  if (!CheckNotFuture("received_at", *received, error) ||
      (finished && !CheckNotFuture("finished_at", *finished, error))) {
    return false;
  }
  if (due && *due < *received) {
    return Fail(error, "due_at", "is before received_at");
  }
  if (finished && *finished < *received) {
    return Fail(error, "finished_at", "is before received_at");
  }
  if (!ResolveUnit(units, d.unit_code(), *received, &r->level, error)) {
    return false;
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
  return true;
}

bool ToPaymentRecord(const v1::Payment& p, const UnitTree& units,
                     PaymentRecord* r, FieldError* error) {
  if (!CheckId("transaction_id", p.transaction_id(), error) ||
      !CheckId("unit_code", p.unit_code(), error)) {
    return false;
  }
  if (p.paid_at().empty()) return Fail(error, "paid_at", "is required");
  std::optional<absl::CivilDay> paid = ParseDay(p.paid_at());
  if (!paid) {
    return Fail(error, "paid_at", "expected YYYY-MM-DD or an RFC 3339 time");
  }
  if (!CheckNotFuture("paid_at", *paid, error)) return false;
  if (p.amount_vnd() <= 0) {
    return Fail(error, "amount_vnd", "must be a positive number of đồng");
  }
  if (p.amount_vnd() > kMaxAmountVnd) {
    return Fail(error, "amount_vnd",
                "is above 10,000,000,000,000 đồng; is it in đồng?");
  }
  if (PaymentStatusName(p.status()).empty()) {
    return Fail(error, "status", "expected success or failed");
  }
  if (!ResolveUnit(units, p.unit_code(), *paid, &r->level, error)) {
    return false;
  }
  r->transaction_id = p.transaction_id();
  r->unit_code = p.unit_code();
  r->paid_at = p.paid_at();
  r->paid_day = DayNumber(*paid);
  r->amount_vnd = p.amount_vnd();
  r->status = p.status();
  return true;
}

}  // namespace dtr::stats
