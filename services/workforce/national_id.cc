#include "services/workforce/national_id.h"

#include <cctype>

namespace dtr::workforce {

bool IsValidNationalId(absl::string_view id) {
  if (id.size() != 12) return false;
  for (char c : id) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  const int province = (id[0] - '0') * 100 + (id[1] - '0') * 10 + (id[2] - '0');
  return province <= kHighestProvinceCode;
}

std::string MaskNationalId(absl::string_view id) {
  if (!IsValidNationalId(id)) return std::string(id.size(), '*');
  std::string masked(id);
  for (size_t i = 4; i < 10; ++i) masked[i] = '*';
  return masked;
}

}  // namespace dtr::workforce
