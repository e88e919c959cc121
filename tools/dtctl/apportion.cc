#include "tools/dtctl/apportion.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

namespace dtr::dtctl {

std::vector<int64_t> Apportion(int64_t total,
                               const std::vector<double>& shares) {
  const double sum = std::accumulate(shares.begin(), shares.end(), 0.0);
  std::vector<int64_t> parts(shares.size());
  std::vector<std::pair<double, size_t>> remainders;
  int64_t assigned = 0;
  for (size_t i = 0; i < shares.size(); ++i) {
    const double exact = static_cast<double>(total) * shares[i] / sum;
    parts[i] = static_cast<int64_t>(std::floor(exact));
    assigned += parts[i];
    remainders.emplace_back(exact - static_cast<double>(parts[i]), i);
  }
  std::sort(
      remainders.begin(), remainders.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
      });
  for (int64_t k = 0; k < total - assigned; ++k) ++parts[remainders[k].second];
  return parts;
}

}  // namespace dtr::dtctl
