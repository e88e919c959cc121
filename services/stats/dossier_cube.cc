#include "services/stats/dossier_cube.h"

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

namespace dtr::stats {
namespace {

constexpr char kFormat = 1;

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

// Most values are a byte: read those without the loop.
bool GetVarint(const uint8_t** in, const uint8_t* end, uint64_t* v) {
  const uint8_t* p = *in;
  if (p < end && *p < 0x80) {
    *v = *p;
    *in = p + 1;
    return true;
  }
  *v = 0;
  for (int shift = 0; shift < 64 && p < end; shift += 7) {
    const uint8_t byte = *p++;
    *v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *in = p;
      return true;
    }
  }
  return false;
}

uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
int64_t UnZigZag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

}  // namespace

std::string EncodeDossierCube(const DossierCounts& counts,
                              absl::string_view unknown) {
  std::string out;
  for (int sl = 0; sl < DossierCounts::kServiceLevels; ++sl) {
    for (int ch = 0; ch < DossierCounts::kChannels; ++ch) {
      for (int dig = 0; dig < 2; ++dig) {
        for (int st = 0; st < DossierCounts::kStatuses; ++st) {
          const int64_t n = counts.n[sl][ch][dig][st];
          if (n == 0) continue;
          if (out.empty()) out.push_back(kFormat);
          PutVarint(static_cast<uint64_t>(sl), &out);
          PutVarint(static_cast<uint64_t>(ch), &out);
          PutVarint(static_cast<uint64_t>(dig), &out);
          PutVarint(static_cast<uint64_t>(st), &out);
          PutVarint(ZigZag(n), &out);
        }
      }
    }
  }
  for (int a = 0; a < DossierCounts::kRecordedAttributes; ++a) {
    for (int value = 0; value < 2; ++value) {
      const int64_t n = counts.recorded[a][value];
      if (n == 0) continue;
      if (out.empty()) out.push_back(kFormat);
      PutVarint(DossierCounts::kRecordedServiceLevel, &out);
      PutVarint(static_cast<uint64_t>(a), &out);
      PutVarint(static_cast<uint64_t>(value), &out);
      PutVarint(0, &out);
      PutVarint(ZigZag(n), &out);
    }
  }
  if (!unknown.empty()) {
    if (out.empty()) out.push_back(kFormat);
    out.append(unknown.data(), unknown.size());
  }
  return out;
}

bool AddDossierCube(absl::string_view bytes, DossierCounts* counts,
                    std::string* unknown) {
  if (bytes.empty()) return true;
  if (bytes.front() != kFormat) return false;
  const auto* in = reinterpret_cast<const uint8_t*>(bytes.data()) + 1;
  const auto* end =
      reinterpret_cast<const uint8_t*>(bytes.data()) + bytes.size();
  // Decoded whole before anything is added, so that a malformed value adds
  // nothing; one pass, into a list kept between calls (a national query
  // reads tens of thousands of cubes).
  thread_local std::vector<std::pair<int64_t*, int64_t>> cells;
  cells.clear();
  const size_t unknown_before = unknown != nullptr ? unknown->size() : 0;
  while (in < end) {
    const uint8_t* cell = in;
    uint64_t sl = 0, ch = 0, dig = 0, st = 0, n = 0;
    if (!GetVarint(&in, end, &sl) || !GetVarint(&in, end, &ch) ||
        !GetVarint(&in, end, &dig) || !GetVarint(&in, end, &st) ||
        !GetVarint(&in, end, &n)) {
      if (unknown != nullptr) unknown->resize(unknown_before);
      return false;
    }
    if (int64_t* slot = counts->Slot(sl, ch, dig, st)) {
      cells.emplace_back(slot, UnZigZag(n));
    } else if (unknown != nullptr) {
      unknown->append(reinterpret_cast<const char*>(cell),
                      static_cast<size_t>(in - cell));
    }
  }
  for (const auto& [slot, n] : cells) *slot += n;
  return true;
}

absl::Status UnreadableCube(absl::string_view what, int64_t month) {
  return absl::DataLossError(absl::StrCat("store: the counters of ", what,
                                          " for ", month, " are unreadable"));
}

}  // namespace dtr::stats
