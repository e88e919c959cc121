// Text put into XML or HTML markup (a DOCX part, an HTML rendering): the
// five characters markup gives a meaning to written as references, and
// the control characters neither allows (all but tab and line ends) left
// out.
//
// A pure function; thread-safe.
#ifndef DTR_SERVICES_REPORT_MARKUP_ESCAPE_H_
#define DTR_SERVICES_REPORT_MARKUP_ESCAPE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace dtr::report {

std::string EscapeMarkup(absl::string_view text);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_MARKUP_ESCAPE_H_
