// Writes the unit tree of a whole country for the national benchmark: a
// root, its provinces and their communes — the two-level structure of
// local government since 1 July 2025 (34 provinces, 3,321 communes) — with
// the communes shared out as evenly as the counts allow.
//
//   national_units --provinces 34 --communes 3321 --out units.csv
#include <cstdio>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"

namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "national_units: %s\n", message.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string out_path;
  int provinces = 34, communes = 3321;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--out") {
      out_path = value;
    } else if (flag == "--provinces") {
      if (!absl::SimpleAtoi(value, &provinces) || provinces < 1) {
        return Fail("--provinces: " + value);
      }
    } else if (flag == "--communes") {
      if (!absl::SimpleAtoi(value, &communes) || communes < 0) {
        return Fail("--communes: " + value);
      }
    } else {
      return Fail("unknown flag " + flag);
    }
  }
  if (out_path.empty()) {
    return Fail("usage: [--provinces N] [--communes N] --out FILE");
  }
  std::FILE* out = std::fopen(out_path.c_str(), "w");
  if (out == nullptr) return Fail("cannot write " + out_path);
  std::fputs("code,name,level,parent_code,valid_from,valid_to\n", out);
  std::fputs("VN,Việt Nam,nation,,,\n", out);
  for (int p = 0; p < provinces; ++p) {
    std::fprintf(out, "P%02d,Tỉnh %02d,province,VN,,\n", p + 1, p + 1);
    // Province p gets the communes [first, last) of the country's.
    const int first = p * communes / provinces;
    const int last = (p + 1) * communes / provinces;
    for (int c = first; c < last; ++c) {
      std::fprintf(out, "P%02d-C%04d,Xã %04d (Tỉnh %02d),commune,P%02d,,\n",
                   p + 1, c + 1, c + 1, p + 1, p + 1);
    }
  }
  if (std::fclose(out) != 0) return Fail("cannot write " + out_path);
  return 0;
}
