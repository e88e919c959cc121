#include "services/stats/dossier_cube.h"

#include <cstdint>

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

bool GetVarint(absl::string_view* in, uint64_t* v) {
  *v = 0;
  for (int shift = 0; shift < 64 && !in->empty(); shift += 7) {
    const auto byte = static_cast<uint8_t>(in->front());
    in->remove_prefix(1);
    *v |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
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
  bytes.remove_prefix(1);
  // Two passes: checked whole, then added, so that a malformed value adds
  // nothing (and no cell list is allocated for the many cubes of a query).
  for (bool add : {false, true}) {
    absl::string_view in = bytes;
    while (!in.empty()) {
      const absl::string_view cell = in;
      uint64_t sl = 0, ch = 0, dig = 0, st = 0, n = 0;
      if (!GetVarint(&in, &sl) || !GetVarint(&in, &ch) ||
          !GetVarint(&in, &dig) || !GetVarint(&in, &st) ||
          !GetVarint(&in, &n)) {
        return false;
      }
      if (!add) continue;
      if (DossierCounts::Known(sl, ch, dig, st)) {
        counts->Add(static_cast<int>(sl), static_cast<int>(ch),
                    static_cast<int>(dig), static_cast<int>(st), UnZigZag(n));
      } else if (unknown != nullptr) {
        unknown->append(cell.data(), cell.size() - in.size());
      }
    }
  }
  return true;
}

}  // namespace dtr::stats
