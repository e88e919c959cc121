// The CSV import formats of the workforce records: rows into API messages.
// Like the stats service's record_csv.h, only what a message cannot carry
// is checked here; the service owns the rules. No message repeats a
// national id number. dtctl's imports and the service's HTTP imports read
// files with it.
#ifndef DTR_SERVICES_WORKFORCE_RECORD_CSV_H_
#define DTR_SERVICES_WORKFORCE_RECORD_CSV_H_

#include <string>
#include <vector>

#include "common/csv_fields.h"
#include "dtr/workforce/v1/workforce.pb.h"

namespace dtr::workforce {

const std::vector<std::string>& StaffCsvHeader();
const std::vector<std::string>& CourseCsvHeader();
const std::vector<std::string>& AttendanceCsvHeader();
const std::vector<std::string>& AbsenceCsvHeader();

bool StaffFromCsv(const std::vector<std::string>& fields, v1::Staff* staff,
                  CsvFieldError* error);
bool CourseFromCsv(const std::vector<std::string>& fields, v1::Course* course,
                   CsvFieldError* error);
bool AttendanceFromCsv(const std::vector<std::string>& fields,
                       v1::Attendance* attendance, CsvFieldError* error);
bool AbsenceFromCsv(const std::vector<std::string>& fields,
                    v1::Absence* absence, CsvFieldError* error);

}  // namespace dtr::workforce

#endif  // DTR_SERVICES_WORKFORCE_RECORD_CSV_H_
