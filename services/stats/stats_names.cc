#include "services/stats/stats_names.h"

#include <utility>

#include "common/enum_names.h"

namespace dtr::stats {
namespace {

const std::pair<v1::Channel, absl::string_view> kChannels[] = {
    {v1::CHANNEL_ONLINE, "online"},
    {v1::CHANNEL_DIRECT, "direct"},
    {v1::CHANNEL_POSTAL, "postal"}};
const std::pair<v1::ServiceLevel, absl::string_view> kServiceLevels[] = {
    {v1::SERVICE_LEVEL_FULL, "full"},
    {v1::SERVICE_LEVEL_PARTIAL, "partial"},
    {v1::SERVICE_LEVEL_NONE, "none"}};
const std::pair<v1::DossierStatus, absl::string_view> kDossierStatuses[] = {
    {v1::DOSSIER_STATUS_PENDING, "pending"},
    {v1::DOSSIER_STATUS_DONE_ON_TIME, "done_on_time"},
    {v1::DOSSIER_STATUS_DONE_LATE, "done_late"},
    {v1::DOSSIER_STATUS_RETURNED, "returned"},
    {v1::DOSSIER_STATUS_CANCELLED, "cancelled"}};
const std::pair<v1::PaymentStatus, absl::string_view> kPaymentStatuses[] = {
    {v1::PAYMENT_STATUS_SUCCESS, "success"},
    {v1::PAYMENT_STATUS_FAILED, "failed"}};

}  // namespace

absl::string_view ChannelName(v1::Channel v) { return NameOf(kChannels, v); }
absl::string_view ServiceLevelName(v1::ServiceLevel v) {
  return NameOf(kServiceLevels, v);
}
absl::string_view DossierStatusName(v1::DossierStatus v) {
  return NameOf(kDossierStatuses, v);
}
absl::string_view PaymentStatusName(v1::PaymentStatus v) {
  return NameOf(kPaymentStatuses, v);
}
bool ParseChannel(absl::string_view t, v1::Channel* v) {
  return ParseName(kChannels, t, v);
}
bool ParseServiceLevel(absl::string_view t, v1::ServiceLevel* v) {
  return ParseName(kServiceLevels, t, v);
}
bool ParseDossierStatus(absl::string_view t, v1::DossierStatus* v) {
  return ParseName(kDossierStatuses, t, v);
}
bool ParsePaymentStatus(absl::string_view t, v1::PaymentStatus* v) {
  return ParseName(kPaymentStatuses, t, v);
}

}  // namespace dtr::stats
