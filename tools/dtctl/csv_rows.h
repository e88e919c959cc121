// Turns CSV rows into API messages, checking what the messages cannot carry
// (an unknown enum word, a non-integer amount, a wrong number of fields).
// Everything else is checked by the service, which owns the rules.
#ifndef DTR_TOOLS_DTCTL_CSV_ROWS_H_
#define DTR_TOOLS_DTCTL_CSV_ROWS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "dtr/stats/v1/stats.pb.h"

namespace dtr::dtctl {

// The exact CSV headers of the import files. The dossiers' last two
// columns (components_digitized, results_reused) are optional: a file may
// end its header before them, and an empty value is unknown.
const std::vector<std::string>& DossierCsvHeader();
inline constexpr size_t kDossierCsvRequiredColumns = 10;
const std::vector<std::string>& PaymentCsvHeader();

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

// Fill the message from `fields` (in header order), or return false and
// name the first bad field.
bool DossierFromCsv(const std::vector<std::string>& fields,
                    stats::v1::Dossier* dossier, CsvFieldError* error);
bool PaymentFromCsv(const std::vector<std::string>& fields,
                    stats::v1::Payment* payment, CsvFieldError* error);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_CSV_ROWS_H_
