// A month's dossier counters of one unit and level kept as one value, the
// "cube": a national year-to-date query then reads a row per unit and
// month (40,000 for 3,355 units) rather than one per combination of
// service level, channel, digitisation and status (65 times as many).
//
// The bytes: a format byte (1), then each non-zero cell as service level,
// channel, digitized and status (one varint each, so that a binary reading
// a cell of an enum value it does not know skips it, as DossierCounts::Add
// does) and its count (a zigzag varint); the counters of the recorded
// attributes are cells too (indicators.h). No cell: the empty string.
#ifndef DTR_SERVICES_STATS_DOSSIER_CUBE_H_
#define DTR_SERVICES_STATS_DOSSIER_CUBE_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "services/stats/indicators.h"

namespace dtr::stats {

// `unknown`: cells AddDossierCube kept aside, written back as they were.
std::string EncodeDossierCube(const DossierCounts& counts,
                              absl::string_view unknown = {});

// Adds the cells of `bytes` to `counts`; false (and nothing added) when
// the bytes are not a cube. Cells of enum values this binary does not
// know are appended, still encoded, to `unknown` when it is given: a
// writer keeps a newer binary's counts rather than erase them.
bool AddDossierCube(absl::string_view bytes, DossierCounts* counts,
                    std::string* unknown = nullptr);

// The error of a stored cube that is not one: `what` (a unit or subtree)
// and its month.
absl::Status UnreadableCube(absl::string_view what, int64_t month);

}  // namespace dtr::stats

#endif  // DTR_SERVICES_STATS_DOSSIER_CUBE_H_
