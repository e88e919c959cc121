// CSV rows of the security imports, as API messages. Like csv_rows.h, only
// what a message cannot carry is checked here; the service owns the rules.
#ifndef DTR_TOOLS_DTCTL_SECURITY_CSV_ROWS_H_
#define DTR_TOOLS_DTCTL_SECURITY_CSV_ROWS_H_

#include <string>
#include <vector>

#include "common/csv_fields.h"
#include "dtr/security/v1/security.pb.h"

namespace dtr::dtctl {

const std::vector<std::string>& SystemCsvHeader();
const std::vector<std::string>& SystemControlCsvHeader();
const std::vector<std::string>& EndpointCsvHeader();
const std::vector<std::string>& IncidentCsvHeader();

bool SystemFromCsv(const std::vector<std::string>& fields,
                   security::v1::InformationSystem* system,
                   CsvFieldError* error);
bool SystemControlFromCsv(const std::vector<std::string>& fields,
                          security::v1::SystemControl* control,
                          CsvFieldError* error);
bool EndpointFromCsv(const std::vector<std::string>& fields,
                     security::v1::Endpoint* endpoint, CsvFieldError* error);
bool IncidentFromCsv(const std::vector<std::string>& fields,
                     security::v1::Incident* incident, CsvFieldError* error);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_SECURITY_CSV_ROWS_H_
