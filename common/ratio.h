// Fills a dtr.common.v1.Ratio from its counts: every rate dtr publishes is
// computed here, from its numerator and denominator, never stored.
#ifndef DTR_COMMON_RATIO_H_
#define DTR_COMMON_RATIO_H_

#include <cstdint>

#include "dtr/common/v1/types.pb.h"

namespace dtr {

// numerator, denominator and, when the denominator is not 0, their
// quotient; without one, the ratio is absent.
inline void FillRatio(int64_t numerator, int64_t denominator,
                      common::v1::Ratio* ratio) {
  ratio->set_numerator(numerator);
  ratio->set_denominator(denominator);
  if (denominator != 0) {
    ratio->set_ratio(static_cast<double>(numerator) /
                     static_cast<double>(denominator));
  } else {
    ratio->clear_ratio();
  }
}

}  // namespace dtr

#endif  // DTR_COMMON_RATIO_H_
