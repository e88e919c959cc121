#include "common/csv_fields.h"

#include "absl/strings/str_cat.h"
#include "common/csv_reader.h"

namespace dtr {

bool CheckCsvFields(const std::vector<std::string>& fields,
                    const std::vector<std::string>& header,
                    CsvFieldError* error) {
  if (fields.size() != header.size()) {
    error->field = "row";
    error->reason = absl::StrCat("expected ", header.size(), " fields, found ",
                                 fields.size());
    return false;
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    if (!IsValidUtf8(fields[i])) {
      error->field = header[i];
      error->reason = "is not valid UTF-8 (save the file as UTF-8)";
      return false;
    }
  }
  return true;
}

bool CsvFieldBad(CsvFieldError* error, const char* field, std::string reason) {
  error->field = field;
  error->reason = std::move(reason);
  return false;
}

}  // namespace dtr
