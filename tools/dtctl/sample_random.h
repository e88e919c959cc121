// Deterministic randomness for the sample data: the same seed gives the
// same numbers on every platform (std:: distributions differ between
// standard libraries; these do not).
//
// Not thread-safe: one generator per sequence of numbers.
#ifndef DTR_TOOLS_DTCTL_SAMPLE_RANDOM_H_
#define DTR_TOOLS_DTCTL_SAMPLE_RANDOM_H_

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace dtr::dtctl {

// xoshiro256** seeded through splitmix64: small, fast, and the same on
// every platform.
class Random {
 public:
  explicit Random(uint64_t seed) {
    for (uint64_t& s : state_) {
      seed += 0x9e3779b97f4a7c15ull;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
      s = z ^ (z >> 31);
    }
  }
  uint64_t Next() {
    const uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }
  // Uniform in [0, n), n > 0.
  uint64_t Below(uint64_t n) {
    const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do {
      x = Next();
    } while (x >= limit);
    return x % n;
  }
  // Uniform in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo + 1)));
  }
  // Uniform in [0, 1).
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  template <typename T>
  void Shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[Below(i)]);
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t state_[4];
};

// Picks an index with probability proportional to its weight.
class WeightedPicker {
 public:
  explicit WeightedPicker(const std::vector<double>& weights) {
    cumulative_.reserve(weights.size());
    double sum = 0;
    for (double w : weights) cumulative_.push_back(sum += w);
  }
  size_t Pick(Random& rng) const {
    const double x = rng.Unit() * cumulative_.back();
    return static_cast<size_t>(
        std::upper_bound(cumulative_.begin(), cumulative_.end(), x) -
        cumulative_.begin());
  }

 private:
  std::vector<double> cumulative_;
};

}  // namespace dtr::dtctl

#endif  // DTR_TOOLS_DTCTL_SAMPLE_RANDOM_H_
