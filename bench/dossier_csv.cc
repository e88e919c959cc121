// Writes a dossiers CSV of any size for import benchmarks: `--count`
// dossiers spread evenly over the days of a year, in date order, and at
// random over the units of a unit tree (all but its root), channels,
// service levels, statuses and what is recorded of components and reuse.
// The same arguments give the same file.
//
//   dossier_csv --units units.csv --count 5000000 --year 2023 --out FILE
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "common/csv_reader.h"

namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "dossier_csv: %s\n", message.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string units_path, out_path;
  int64_t count = 0;
  int year = 2023;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--units") {
      units_path = value;
    } else if (flag == "--out") {
      out_path = value;
    } else if (flag == "--count") {
      if (!absl::SimpleAtoi(value, &count) || count < 0) {
        return Fail("--count: not a count: " + value);
      }
    } else if (flag == "--year") {
      if (!absl::SimpleAtoi(value, &year)) return Fail("--year: " + value);
    } else {
      return Fail("unknown flag " + flag);
    }
  }
  if (units_path.empty() || out_path.empty()) {
    return Fail("usage: --units CSV --count N [--year Y] --out FILE");
  }

  // Units that have a parent: the root is the province itself.
  auto reader = dtr::CsvReader::Open(units_path);
  if (!reader.ok()) return Fail(std::string(reader.status().message()));
  std::vector<std::string> fields, units;
  (*reader)->Next(&fields);  // header: code,name,level,parent_code,...
  while ((*reader)->Next(&fields)) {
    if (fields.size() >= 4 && !fields[3].empty()) units.push_back(fields[0]);
  }
  if (units.empty()) return Fail("no units with a parent in " + units_path);

  std::FILE* out = std::fopen(out_path.c_str(), "w");
  if (out == nullptr) return Fail("cannot write " + out_path);
  std::fputs(
      "dossier_id,unit_code,procedure_code,received_at,channel,service_level,"
      "digitized,status,due_at,finished_at,components_digitized,"
      "results_reused\n",
      out);
  std::mt19937_64 random(20231031);
  const absl::CivilDay first(year, 1, 1);
  const int days = static_cast<int>(absl::CivilDay(year + 1, 1, 1) - first);
  static const char* const kChannels[] = {"online", "online", "direct",
                                          "postal"};
  static const char* const kLevels[] = {"full", "full", "partial", "none"};
  static const char* const kStatuses[] = {"done_on_time", "done_on_time",
                                          "done_late", "pending", "returned"};
  // Components digitized, results reused: yes, no, or unknown (empty).
  static const char* const kRecorded[] = {"1", "1", "0", ""};
  // Day after day, as systems export them (and as the sample month is).
  for (int64_t i = 0; i < count; ++i) {
    const uint64_t r = random();
    const absl::CivilDay day = first + static_cast<int>(i * days / count);
    const char* status = kStatuses[(r >> 16) % 5];
    const bool finished = status[0] == 'd';
    std::fprintf(
        out, "B%09lld,%s,1.%06d,%04d-%02d-%02dT%02d:%02d:00+07:00,%s,%s,%d,%s,",
        static_cast<long long>(i), units[(r >> 20) % units.size()].c_str(),
        static_cast<int>((r >> 32) % 1000), static_cast<int>(day.year()),
        day.month(), day.day(), 7 + static_cast<int>((r >> 42) % 10),
        static_cast<int>((r >> 46) % 60), kChannels[(r >> 52) % 4],
        kLevels[(r >> 54) % 4], static_cast<int>((r >> 56) & 1), status);
    const absl::CivilDay due = day + 7;
    std::fprintf(out, "%04d-%02d-%02d,", static_cast<int>(due.year()),
                 due.month(), due.day());
    if (finished) {
      const absl::CivilDay done = day + static_cast<int>((r >> 57) % 10);
      std::fprintf(out, "%04d-%02d-%02d", static_cast<int>(done.year()),
                   done.month(), done.day());
    }
    std::fprintf(out, ",%s,%s\n", kRecorded[r & 3], kRecorded[(r >> 2) & 3]);
  }
  if (std::fclose(out) != 0) return Fail("cannot write " + out_path);
  return 0;
}
