// The CSV import formats of the security records: rows into API messages.
// Like the stats service's record_csv.h, only what a message cannot carry
// is checked here; the service owns the rules. dtctl's imports and the
// service's HTTP imports read files with it.
#ifndef DTR_SERVICES_SECURITY_RECORD_CSV_H_
#define DTR_SERVICES_SECURITY_RECORD_CSV_H_

#include <string>
#include <vector>

#include "common/csv_fields.h"
#include "dtr/security/v1/security.pb.h"

namespace dtr::security {

const std::vector<std::string>& SystemCsvHeader();
const std::vector<std::string>& SystemControlCsvHeader();
const std::vector<std::string>& EndpointCsvHeader();
const std::vector<std::string>& IncidentCsvHeader();

bool SystemFromCsv(const std::vector<std::string>& fields,
                   v1::InformationSystem* system, CsvFieldError* error);
bool SystemControlFromCsv(const std::vector<std::string>& fields,
                          v1::SystemControl* control, CsvFieldError* error);
bool EndpointFromCsv(const std::vector<std::string>& fields,
                     v1::Endpoint* endpoint, CsvFieldError* error);
bool IncidentFromCsv(const std::vector<std::string>& fields,
                     v1::Incident* incident, CsvFieldError* error);

}  // namespace dtr::security

#endif  // DTR_SERVICES_SECURITY_RECORD_CSV_H_
