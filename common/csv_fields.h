// One row of a CSV import turned into an API message: what names the field
// of a row that cannot be.
#ifndef DTR_COMMON_CSV_FIELDS_H_
#define DTR_COMMON_CSV_FIELDS_H_

#include <string>
#include <vector>

namespace dtr {

// A problem with one field of a row.
struct CsvFieldError {
  std::string field;
  std::string reason;
};

// Checks a row has one field per header column, each of them UTF-8.
bool CheckCsvFields(const std::vector<std::string>& fields,
                    const std::vector<std::string>& header,
                    CsvFieldError* error);

// Sets `error` and returns false.
bool CsvFieldBad(CsvFieldError* error, const char* field, std::string reason);

}  // namespace dtr

#endif  // DTR_COMMON_CSV_FIELDS_H_
