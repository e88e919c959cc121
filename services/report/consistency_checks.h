// The checks a report makes about its own figures, listed in its JSON (and
// in an appendix of the document):
//   - rate: every rate a service gave is its numerator over its
//     denominator, with the numerator not above the denominator;
//   - sum: the levels of an additive figure add up to its total (counts,
//     and the numerators and denominators of rates);
//   - published: a figure published elsewhere for the period matches the
//     report's own, rounded as it was published; when a published rate
//     differs, the denominator it implies is given, and for a total the
//     sum of the levels' denominators, so that a reader sees why.
#ifndef DTR_SERVICES_REPORT_CONSISTENCY_CHECKS_H_
#define DTR_SERVICES_REPORT_CONSISTENCY_CHECKS_H_

#include <vector>

#include "dtr/report/v1/report.pb.h"
#include "services/report/report_figures.h"

namespace dtr::report {

std::vector<v1::Inconsistency> CheckFigures(
    const FigureMap& figures,
    const std::vector<v1::PublishedFigure>& published);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_CONSISTENCY_CHECKS_H_
