// Splitting a whole number into parts proportional to shares, as the
// sample generators do for counts that must add up exactly.
#ifndef DTR_TOOLS_DTCTL_APPORTION_H_
#define DTR_TOOLS_DTCTL_APPORTION_H_

#include <cstdint>
#include <vector>

namespace dtr::dtctl {

// Splits `total` into parts proportional to `shares` (largest remainder;
// ties go to the earlier share). The parts add up to `total`.
std::vector<int64_t> Apportion(int64_t total,
                               const std::vector<double>& shares);

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_APPORTION_H_
