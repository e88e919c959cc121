// The dossiers behind a figure of GetIndicators, read from the records the
// imports wrote: the same subtree members (each unit over the days it
// belongs to the subtree), the same days received, the same conditions as
// the figure's definitions (indicator_definitions.h), so that the list's
// count is the figure's.
// The first page's count is read from those counters (a list narrowed to
// a procedure, which they do not know, counts its rows).
//
// A page is read in one read transaction, unit after unit (in the order of
// the members) and within a unit by day received then dossier id, from
// where the previous page ended (its token); a list never holds more than
// a page. Rows come from the index (unit_code, received_day, dossier_id).
#ifndef DTR_SERVICES_STATS_DOSSIER_LIST_H_
#define DTR_SERVICES_STATS_DOSSIER_LIST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/unit_tree.h"
#include "dtr/stats/v1/stats.pb.h"
#include "services/stats/indicator_definitions.h"

namespace dtr::stats {

// The rates whose dossiers a list reads, as an error message names them.
inline constexpr char kDossierRateNames[] =
    "online_submission, full_process_online, digitization, on_time, "
    "component_digitization or result_reuse";

inline constexpr int kMaxDossierPage = 10'000;
inline constexpr int kDefaultDossierPage = 1'000;

struct DossierListQuery {
  // Which dossiers the figure counts (in force on the range's last day).
  const IndicatorDefinitions* definitions = nullptr;
  std::vector<SubtreeMember> members;
  std::string figure;
  v1::FigurePart part = v1::FIGURE_PART_UNSPECIFIED;
  std::string level;           // empty: every level
  std::string only_unit;       // empty: every member
  std::string procedure_code;  // empty: every procedure
  int page_size = kDefaultDossierPage;
  std::string page_token;
  // The first page's count when the caller has it (the figure, from
  // GetIndicators' cached answer); otherwise the store counts.
  std::optional<int64_t> known_total;
};

// The count of `part` of `rate`.
int64_t PartCount(const common::v1::Ratio& rate, v1::FigurePart part);

// The SQL condition on a dossiers row of `figure`'s `part` under
// `definitions`, or INVALID_ARGUMENT naming `figure` or `part`.
absl::StatusOr<std::string> FigureCondition(
    const IndicatorDefinitions& definitions, const std::string& figure,
    v1::FigurePart part);

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_DOSSIER_LIST_H_
