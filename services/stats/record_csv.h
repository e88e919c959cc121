// The CSV import format of dossiers and payments: rows into API messages,
// checking what the messages cannot carry (an unknown enum word, a
// non-integer amount, a wrong number of fields). Everything else is
// checked by the service, which owns the rules. dtctl's imports and the
// service's HTTP imports read files with it.
#ifndef DTR_SERVICES_STATS_RECORD_CSV_H_
#define DTR_SERVICES_STATS_RECORD_CSV_H_

#include <cstddef>
#include <string>
#include <vector>

#include "common/csv_fields.h"
#include "dtr/stats/v1/stats.pb.h"

namespace dtr::stats {

// The exact CSV headers of the import files. The dossiers' last two
// columns (components_digitized, results_reused) are optional: a file may
// end its header before them, and an empty value is unknown.
const std::vector<std::string>& DossierCsvHeader();
inline constexpr size_t kDossierCsvRequiredColumns = 10;
const std::vector<std::string>& PaymentCsvHeader();

// Fill the message from `fields` (in header order), or return false and
// name the first bad field.
bool DossierFromCsv(const std::vector<std::string>& fields,
                    v1::Dossier* dossier, CsvFieldError* error);
bool PaymentFromCsv(const std::vector<std::string>& fields,
                    v1::Payment* payment, CsvFieldError* error);

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_RECORD_CSV_H_
