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

}  // namespace dtr::stats
