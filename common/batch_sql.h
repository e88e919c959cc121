// Multi-row SQL, the way both stores take many rows in one round trip:
// `INSERT … VALUES (?, ?), (?, ?) …` and `… IN (?, ?, …)`. Batches are cut
// into power-of-two pieces, so that a connection prepares a few statements
// (1, 2, 4, … rows) rather than one per batch size.
#ifndef DTR_COMMON_BATCH_SQL_H_
#define DTR_COMMON_BATCH_SQL_H_

#include <cstddef>
#include <string>
#include <vector>

namespace dtr {

// The most rows one statement carries: 256 rows of 13 values stay well
// under SQLite's 32,766 and PostgreSQL's 65,535 parameters.
inline constexpr size_t kMaxRowsPerStatement = 256;

// "(?, ?, ?), (?, ?, ?)" for 2 rows of 3 values.
std::string ValuesPlaceholders(size_t rows, size_t columns);
// "?, ?, ?" for 3 values.
std::string ListPlaceholders(size_t count);
// `n` as pieces of powers of two, largest first, none above `largest`
// (a power of two): 300 → 256, 32, 8, 4.
std::vector<size_t> PowerOfTwoPieces(size_t n,
                                     size_t largest = kMaxRowsPerStatement);

}  // namespace dtr

#endif  // DTR_COMMON_BATCH_SQL_H_
