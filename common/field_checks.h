// The conventions every service's checks of a record or a request share: a
// problem is INVALID_ARGUMENT "field: reason", the field spelt as the API
// and the CSV files spell it, so that an import lists it with its row
// (import_ledger.h) and a single call's caller sees what to mend.
//
// Pure functions; thread-safe.
#ifndef DTR_COMMON_FIELD_CHECKS_H_
#define DTR_COMMON_FIELD_CHECKS_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace dtr {

// Longest accepted identifier or code.
inline constexpr size_t kMaxIdLength = 128;

// INVALID_ARGUMENT "field: reason".
absl::Status Invalid(absl::string_view field, absl::string_view reason);

// A required identifier or code, at most kMaxIdLength characters.
absl::Status CheckId(absl::string_view field, const std::string& value);

// The forms a date field takes.
enum class DateForm {
  kDay,        // YYYY-MM-DD
  kDayOrTime,  // YYYY-MM-DD or an RFC 3339 time
  kMonth,      // YYYY-MM
};

// INVALID_ARGUMENT naming the field, quoting what was sent and the form
// expected: "range.start_date: '2023-02-30' is not a date (YYYY-MM-DD)";
// "field: is required (YYYY-MM-DD)" for nothing sent.
absl::Status BadDate(absl::string_view field, absl::string_view value,
                     DateForm form = DateForm::kDay);

// `value` quoted for an error message: at most 40 bytes of it.
std::string Quoted(absl::string_view value);

// Whether `status` is a problem of one row of an import — invalid, out of
// order, naming a record that does not exist or already does, or out of
// the writer's reach — which the import lists and goes on past, as
// opposed to the store failing, which ends the import.
bool IsRowError(const absl::Status& status);

}  // namespace dtr

#endif  // DTR_COMMON_FIELD_CHECKS_H_
