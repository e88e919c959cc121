// The words that stand for the stats API's enum values in CSV files, on
// the command line and in the record tables ("online", "done_on_time"),
// and back; Parse* return false for any other word. Shared by the
// service, the report service and dtctl (the stats_api library).
#ifndef DTR_SERVICES_STATS_STATS_NAMES_H_
#define DTR_SERVICES_STATS_STATS_NAMES_H_

#include "absl/strings/string_view.h"
#include "dtr/stats/v1/stats.pb.h"

namespace dtr::stats {

absl::string_view ChannelName(v1::Channel channel);
absl::string_view ServiceLevelName(v1::ServiceLevel level);
absl::string_view DossierStatusName(v1::DossierStatus status);
absl::string_view PaymentStatusName(v1::PaymentStatus status);
bool ParseChannel(absl::string_view text, v1::Channel* channel);
bool ParseServiceLevel(absl::string_view text, v1::ServiceLevel* level);
bool ParseDossierStatus(absl::string_view text, v1::DossierStatus* status);
bool ParsePaymentStatus(absl::string_view text, v1::PaymentStatus* status);

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_STATS_NAMES_H_
