#include "common/version.h"

namespace dtr {

const char* Version() { return DTR_VERSION; }

}  // namespace dtr
