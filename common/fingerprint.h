// A stable 64-bit fingerprint of bytes (FNV-1a), the same on every machine
// and build, unlike std::hash. Cache keys carry the fingerprints of the
// reference data (unit tree, controls catalogue) an answer was computed
// with, so that reloaded data never serves old answers.
#ifndef DTR_COMMON_FINGERPRINT_H_
#define DTR_COMMON_FINGERPRINT_H_

#include <cstdint>

#include "absl/strings/string_view.h"

namespace dtr {

inline constexpr uint64_t kFingerprintSeed = 14695981039346656037ull;

// Extends `seed` (a previous fingerprint) with `bytes`.
inline uint64_t Fingerprint(absl::string_view bytes,
                            uint64_t seed = kFingerprintSeed) {
  uint64_t hash = seed;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace dtr

#endif  // DTR_COMMON_FINGERPRINT_H_
