// The parts of a rate a list behind it gives (dtr.common.v1.FigurePart):
// its numerator, its denominator, or the rest (the denominator's records
// outside the numerator). Shared by the services' lists behind their
// figures.
#ifndef DTR_COMMON_FIGURE_PARTS_H_
#define DTR_COMMON_FIGURE_PARTS_H_

#include "absl/status/status.h"
#include "dtr/common/v1/types.pb.h"

namespace dtr {

// INVALID_ARGUMENT "part: ..." unless `part` is one of the three.
absl::Status CheckFigurePart(common::v1::FigurePart part);

// Whether a record the rate counts, in its numerator or not, belongs to
// `part`.
bool InFigurePart(common::v1::FigurePart part, bool in_numerator);

}  // namespace dtr

#endif  // DTR_COMMON_FIGURE_PARTS_H_
