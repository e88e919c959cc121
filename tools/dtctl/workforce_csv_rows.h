// CSV rows of the workforce imports, as API messages. Like csv_rows.h,
// only what a message cannot carry is checked here. No message repeats a
// national id number.
#ifndef DTR_TOOLS_DTCTL_WORKFORCE_CSV_ROWS_H_
#define DTR_TOOLS_DTCTL_WORKFORCE_CSV_ROWS_H_

#include <string>
#include <vector>

#include "common/csv_fields.h"
#include "dtr/workforce/v1/workforce.pb.h"

namespace dtr::dtctl {

const std::vector<std::string>& StaffCsvHeader();
const std::vector<std::string>& CourseCsvHeader();
const std::vector<std::string>& AttendanceCsvHeader();
const std::vector<std::string>& AbsenceCsvHeader();

bool StaffFromCsv(const std::vector<std::string>& fields,
                  workforce::v1::Staff* staff, CsvFieldError* error);
bool CourseFromCsv(const std::vector<std::string>& fields,
                   workforce::v1::Course* course, CsvFieldError* error);
bool AttendanceFromCsv(const std::vector<std::string>& fields,
                       workforce::v1::Attendance* attendance,
                       CsvFieldError* error);
bool AbsenceFromCsv(const std::vector<std::string>& fields,
                    workforce::v1::Absence* absence, CsvFieldError* error);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_WORKFORCE_CSV_ROWS_H_
