// National id numbers (số định danh cá nhân, on the citizen identity card):
// 12 digits — the code of the province of birth registration (001–096),
// one digit for century and sex, two for the year of birth, six more.
//
// The province code 000 belongs to no province: dtr reserves it for
// synthetic records (the sample month, tests), so that such a number can
// never be someone's.
//
// They are personal data (Decree 13/2023/NĐ-CP): the service stores them,
// masks them in every response, and never puts them in a log line, a
// metric or an error message.
#ifndef DTR_SERVICES_WORKFORCE_NATIONAL_ID_H_
#define DTR_SERVICES_WORKFORCE_NATIONAL_ID_H_

#include <string>

#include "absl/strings/string_view.h"

namespace dtr::workforce {

// The highest province code in use.
inline constexpr int kHighestProvinceCode = 96;
// The province code reserved for synthetic records.
inline constexpr char kSyntheticProvinceCode[] = "000";

// Whether `id` has the form of a national id number.
bool IsValidNationalId(absl::string_view id);

// "001234567889" → "0012******89": the province code and the first digit
// after it, and the last two digits, as printed on masked documents.
// Anything else is masked whole.
std::string MaskNationalId(absl::string_view id);

}  // namespace dtr::workforce

#endif  // DTR_SERVICES_WORKFORCE_NATIONAL_ID_H_
