// The unit-tree loader on any CSV text: a tree or an error naming the line
// and field; a tree it accepts answers lookups and subtree walks.
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/time/civil_time.h"
#include "common/csv_reader.h"
#include "common/unit_tree.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  dtr::CsvReader reader(std::string(reinterpret_cast<const char*>(data), size));
  auto tree = dtr::UnitTree::Load(&reader);
  if (!tree.ok()) return 0;
  const absl::CivilDay day(2023, 10, 31);
  for (const dtr::UnitVersion* unit : (*tree)->ListOn(day, "", "")) {
    (*tree)->Find(unit->code, day);
    (*tree)->Subtree(unit->code,
                     dtr::DayRange{absl::CivilDay(2023, 1, 1), day});
  }
  return 0;
}
