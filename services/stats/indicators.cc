#include "services/stats/indicators.h"

#include <utility>

namespace dtr::stats {

bool DossierCounts::Known(uint64_t service_level, uint64_t channel,
                          uint64_t digitized, uint64_t status) {
  if (service_level == kRecordedServiceLevel) {
    return channel < kRecordedAttributes && digitized < 2 && status == 0;
  }
  return service_level < kServiceLevels && channel < kChannels &&
         digitized < 2 && status < kStatuses;
}

int64_t* DossierCounts::Slot(uint64_t service_level, uint64_t channel,
                             uint64_t digitized, uint64_t status) {
  if (!Known(service_level, channel, digitized, status)) return nullptr;
  if (service_level == kRecordedServiceLevel) {
    return &recorded[channel][digitized];
  }
  return &n[service_level][channel][digitized][status];
}

void DossierCounts::Add(int service_level, int channel, int digitized,
                        int status, int64_t count) {
  if (service_level < 0 || channel < 0 || digitized < 0 || status < 0) return;
  if (int64_t* slot = Slot(service_level, channel, digitized, status)) {
    *slot += count;
  }
}

void DossierCounts::Merge(const DossierCounts& other) {
  int64_t* dst = &n[0][0][0][0];
  const int64_t* src = &other.n[0][0][0][0];
  for (size_t i = 0; i < sizeof(n) / sizeof(int64_t); ++i) dst[i] += src[i];
  for (int a = 0; a < kRecordedAttributes; ++a) {
    recorded[a][0] += other.recorded[a][0];
    recorded[a][1] += other.recorded[a][1];
  }
}

int64_t DossierCounts::Total() const {
  int64_t total = 0;
  const int64_t* p = &n[0][0][0][0];
  for (size_t i = 0; i < sizeof(n) / sizeof(int64_t); ++i) total += p[i];
  return total;
}

void PaymentCounts::Merge(const PaymentCounts& other) {
  successful += other.successful;
  amount_vnd += other.amount_vnd;
  failed += other.failed;
  paying_units.insert(other.paying_units.begin(), other.paying_units.end());
}

void FillIndicatorSet(const DossierCounts& d, const PaymentCounts& p,
                      v1::IndicatorSet* out) {
  int64_t dossiers_by_level[DossierCounts::kServiceLevels] = {};
  int64_t online_by_level[DossierCounts::kServiceLevels] = {};
  int64_t finished = 0, finished_digitized = 0, on_time = 0;
  for (int sl = 0; sl < DossierCounts::kServiceLevels; ++sl) {
    for (int ch = 0; ch < DossierCounts::kChannels; ++ch) {
      for (int dig = 0; dig < 2; ++dig) {
        for (int st = 0; st < DossierCounts::kStatuses; ++st) {
          const int64_t count = d.n[sl][ch][dig][st];
          dossiers_by_level[sl] += count;
          if (ch == v1::CHANNEL_ONLINE) online_by_level[sl] += count;
          if (st == v1::DOSSIER_STATUS_DONE_ON_TIME ||
              st == v1::DOSSIER_STATUS_DONE_LATE) {
            finished += count;
            if (dig == 1) finished_digitized += count;
            if (st == v1::DOSSIER_STATUS_DONE_ON_TIME) on_time += count;
          }
        }
      }
    }
  }
  const int full = v1::SERVICE_LEVEL_FULL, partial = v1::SERVICE_LEVEL_PARTIAL;
  out->set_dossiers_received(d.Total());
  FillRatio(online_by_level[full] + online_by_level[partial],
            dossiers_by_level[full] + dossiers_by_level[partial],
            out->mutable_online_submission());
  FillRatio(online_by_level[full], dossiers_by_level[full],
            out->mutable_full_process_online());
  FillRatio(finished_digitized, finished, out->mutable_digitization());
  FillRatio(on_time, finished, out->mutable_on_time());
  for (const auto& [attribute, ratio] :
       {std::pair{kComponentsDigitized, out->mutable_component_digitization()},
        std::pair{kResultsReused, out->mutable_result_reuse()}}) {
    const int64_t* values = d.recorded[attribute];
    FillRatio(values[1], values[0] + values[1], ratio);
  }
  v1::PaymentTotals* payments = out->mutable_payments();
  payments->set_units_with_payments(
      static_cast<int64_t>(p.paying_units.size()));
  payments->set_successful_transactions(p.successful);
  payments->set_amount_vnd(p.amount_vnd);
}

}  // namespace dtr::stats
