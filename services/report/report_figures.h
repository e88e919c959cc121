// Every figure a report uses, with where it came from: the single list the
// templates, the JSON rendering, the checks and the comparisons read.
//
// A figure's key is "<block>.<scope>.<name>": block `stats` (public
// services, year to date), `stats_month` (the month alone), `payments` (the
// online-payment window), `security` (as of the month's last day),
// `workforce` (year to date); scope `total`, a level of the unit tree
// ("province", "district", "commune"), or `upper` (every level but the
// lowest, the report's "province and district"). E.g.
// "stats.total.digitization", "workforce.upper.eligible".
#ifndef DTR_SERVICES_REPORT_REPORT_FIGURES_H_
#define DTR_SERVICES_REPORT_REPORT_FIGURES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "services/report/figure_sources.h"

namespace dtr::report {

struct Figure {
  enum class Kind { kCount, kRate, kAmountVnd };
  std::string key;
  Kind kind = Kind::kCount;
  int64_t value = 0;                       // counts and amounts
  int64_t numerator = 0, denominator = 0;  // rates
  // The fraction the service gave (rates it computes); absent for a zero
  // denominator or a rate the report computes itself.
  std::optional<double> ratio;
  // Whether the levels' values add up to the total (distinct trainees do
  // not: one person may attend courses of two levels).
  bool additive = true;
  // Where it came from: the service, the full method name and the request.
  std::string service;
  std::string method;
  nlohmann::ordered_json request;

  // n/d, or 0 for a zero denominator.
  double Fraction() const;
  // "293670/407595" for a rate, "434846" otherwise.
  std::string Text() const;
  // Nothing counted: a rate of 0/0, a count or amount of 0. A figure an
  // earlier version did not have is no change while it is empty (a figure
  // added to the report since, with nothing recorded yet).
  bool Empty() const;
};

using FigureMap = std::map<std::string, Figure>;

// The figures of one period's responses (missing services give none).
FigureMap FiguresOf(const PeriodFigures& period);

// The level names of a block's response, from the top (the unit tree's
// order), e.g. {"province", "district", "commune"}.
std::vector<std::string> LevelsOf(const PeriodFigures& period,
                                  const std::string& block);

// The blocks ("stats", "stats_month", "payments", "security", "workforce")
// whose service answered but counted nothing: no total is other than zero.
// The period has no records there, and the document says so instead of
// printing "0/0" and empty sentences.
std::set<std::string> EmptyBlocks(const PeriodFigures& period,
                                  const FigureMap& figures);

// As the JSON rendering lists them, and back (archived reports).
nlohmann::ordered_json FiguresJson(const FigureMap& figures);
absl::StatusOr<FigureMap> FiguresFromJson(const nlohmann::json& list);

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_REPORT_FIGURES_H_
