// The payments behind the payment figures of GetIndicators, read from the
// records the imports wrote: the same subtree members over the same days
// paid, successful, failed or all, so that a list's count and amount are
// the figures' (read, on the first page, from the same counters). Paged as
// the dossiers are (member_pages.h), from the index (unit_code, paid_day,
// transaction_id).
#ifndef DTR_SERVICES_STATS_PAYMENT_LIST_H_
#define DTR_SERVICES_STATS_PAYMENT_LIST_H_

#include <string>
#include <vector>

#include "common/unit_tree.h"
#include "dtr/stats/v1/stats.pb.h"
#include "services/stats/dossier_list.h"

namespace dtr::stats {

struct PaymentListQuery {
  std::vector<SubtreeMember> members;
  v1::PaymentStatus status = v1::PAYMENT_STATUS_UNSPECIFIED;  // every one
  std::string level;      // empty: every level
  std::string only_unit;  // empty: every member
  int page_size = kDefaultDossierPage;
  std::string page_token;
};

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_PAYMENT_LIST_H_
