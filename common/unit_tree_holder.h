// The unit tree a service currently uses, replaceable while it serves
// (reloaded on SIGHUP; see common/reloadable.h).
#ifndef DTR_COMMON_UNIT_TREE_HOLDER_H_
#define DTR_COMMON_UNIT_TREE_HOLDER_H_

#include "common/reloadable.h"
#include "common/unit_tree.h"

namespace dtr {

using UnitTreeHolder = Reloadable<UnitTree>;

}  // namespace dtr

#endif  // DTR_COMMON_UNIT_TREE_HOLDER_H_
