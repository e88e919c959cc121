// The counts the public-service indicators are computed from.
//
// Counts are summed from the per-day counters the store keeps; rates are
// always derived from their numerator and denominator, never stored, so
// that every published percentage can be checked against its counts. Which
// counts each rate takes is data, versioned by date
// (indicator_definitions.h); the shipped definitions (Decision 766/QĐ-TTg)
// are:
//   online submission   online ∧ service_level ∈ {full, partial}
//                       over service_level ∈ {full, partial}
//   full-process online online ∧ service_level = full over service_level = full
//   digitization        finished ∧ digitized over finished
//   on time             done_on_time over done_on_time + done_late
//   component digitiz.  components_digitized over dossiers that record it
//   result reuse        results_reused over dossiers that record it
// where finished = done_on_time or done_late.
#ifndef DTR_SERVICES_STATS_INDICATORS_H_
#define DTR_SERVICES_STATS_INDICATORS_H_

#include <cstdint>
#include <string>

#include "absl/container/flat_hash_set.h"
#include "common/ratio.h"
#include "dtr/common/v1/types.pb.h"
#include "dtr/stats/v1/stats.pb.h"

namespace dtr::stats {

// What a dossier may leave unsaid, counted apart from the dimensions:
// whether its components were digitized at reception and whether digitized
// results were reused (optional on the record; an unknown one is counted
// in neither part of its rate).
enum RecordedAttribute { kComponentsDigitized = 0, kResultsReused = 1 };

// Dossiers counted by every dimension of the counters, indexed by the enum
// numbers of the API.
//
// The recorded attributes are counted beside the dossiers: in the cubes
// (of a day, of a month) as cells whose service level is kRecordedServiceLevel
// (no enum value: a binary that does not know them skips them as a newer
// binary's), whose channel is the attribute, digitized the value recorded and
// status 0. No read of another table for a query.
struct DossierCounts {
  static constexpr int kServiceLevels = v1::ServiceLevel_ARRAYSIZE;
  static constexpr int kChannels = v1::Channel_ARRAYSIZE;
  static constexpr int kStatuses = v1::DossierStatus_ARRAYSIZE;
  static constexpr int kRecordedServiceLevel = 15;
  static constexpr int kRecordedAttributes = 2;

  int64_t n[kServiceLevels][kChannels][2][kStatuses] = {};
  // [attribute][value]: dossiers that recorded the attribute as false, true.
  int64_t recorded[kRecordedAttributes][2] = {};

  // Whether a counter of these dimensions is one this binary counts.
  static bool Known(uint64_t service_level, uint64_t channel,
                    uint64_t digitized, uint64_t status);
  // The count of a counter of these dimensions, or null for one this
  // binary does not count.
  int64_t* Slot(uint64_t service_level, uint64_t channel, uint64_t digitized,
                uint64_t status);
  // Ignores dimensions it does not know (a counter written by a newer
  // binary).
  void Add(int service_level, int channel, int digitized, int status,
           int64_t count);
  void Merge(const DossierCounts& other);
  // Dossiers received (the recorded attributes are not dossiers).
  int64_t Total() const;
};

// Payments over a set of units.
struct PaymentCounts {
  int64_t successful = 0;
  int64_t amount_vnd = 0;
  int64_t failed = 0;
  // Units with at least one successful payment.
  absl::flat_hash_set<std::string> paying_units;

  void Merge(const PaymentCounts& other);
};

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_INDICATORS_H_
