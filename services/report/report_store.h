// SQL of the report service: narrative sections and published figures per
// unit and period, report settings per unit, and the archive of generated
// reports with their renderings.
//
// The archive is append-only: a report version and its renderings are
// written once and never updated or deleted (triggers refuse it). Versions
// of a unit's period count 1, 2, …; archiving a version that exists is
// ABORTED, so two generations racing for the same number cannot both win.
//
// Thread-safe: every operation borrows its own connection.
#ifndef DTR_SERVICES_REPORT_REPORT_STORE_H_
#define DTR_SERVICES_REPORT_REPORT_STORE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/database.h"
#include "common/migrations.h"
#include "dtr/report/v1/report.pb.h"

namespace dtr::report {

// A generated report as archived.
struct ArchivedReport {
  v1::Report meta;
  // The figures it used (its JSON rendering's "figures"), for comparing
  // versions and reports.
  std::string figures_json;
  // The renderings' bytes; meta.renderings describes them.
  std::map<v1::Format, std::string> renderings;
  // Where its PDF leaves room for the number, the date and the signatures
  // (pdf_places.h); empty for versions made before PDFs were.
  std::string pdf_places_json;
};

class ReportStore {
 public:
  explicit ReportStore(Database* db) : db_(db) {}

  static const std::vector<Migration>& Migrations();

  absl::Status PutNarrative(const v1::Narrative& narrative);
  absl::StatusOr<std::optional<v1::Narrative>> GetNarrative(
      const std::string& unit, const std::string& period,
      const std::string& section);
  // In no particular order.
  absl::StatusOr<std::vector<v1::Narrative>> ListNarratives(
      const std::string& unit, const std::string& period);
  // The sections, and when `published` is set the period's published
  // figures in place of the earlier ones, in one transaction.
  absl::Status ImportNarratives(
      const std::string& unit, const std::string& period,
      const std::vector<v1::Narrative>& sections,
      const std::optional<std::vector<v1::PublishedFigure>>& published);
  absl::StatusOr<std::vector<v1::PublishedFigure>> ListPublished(
      const std::string& unit, const std::string& period);

  // Adds the version of the unit's settings that starts on
  // settings.valid_from, or replaces the one that starts that day.
  absl::Status PutSettings(const v1::ReportSettings& settings);
  // The unit's settings in force on `day`, with valid_to set; none when
  // no version starts on or before it.
  absl::StatusOr<std::optional<v1::ReportSettings>> GetSettings(
      const std::string& unit, absl::CivilDay day);

  // 0 when the period has no report yet.
  absl::StatusOr<int> LatestVersion(const std::string& unit,
                                    const std::string& period);
  absl::Status Archive(const ArchivedReport& report);
  // `version` 0: the latest. Without the renderings' bytes; its meta
  // carries its life (document_life_store.h).
  absl::StatusOr<std::optional<ArchivedReport>> GetReport(
      const std::string& unit, const std::string& period, int version);
  // Per unit, the latest period ("YYYY-MM") with a complete (not partial)
  // archived report.
  absl::StatusOr<std::map<std::string, std::string>> LatestCompletePeriods();
  // Newest period, then newest version first; `period` empty: all.
  absl::StatusOr<std::vector<v1::Report>> ListReports(const std::string& unit,
                                                      const std::string& period,
                                                      int offset, int limit);
  // The bytes of one rendering; `version` 0: the latest. The PDF of a
  // signed or issued version (asked by its number) is the one its life
  // left.
  absl::StatusOr<std::optional<std::string>> GetRendering(
      const std::string& unit, const std::string& period, int version,
      v1::Format format);
  // The same on `conn`, within its transaction.
  static absl::StatusOr<std::optional<std::string>> RenderingOn(
      Connection* conn, const std::string& unit, const std::string& period,
      int version, v1::Format format);

 private:
  Database* db_;
};

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_REPORT_STORE_H_
