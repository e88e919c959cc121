// The store flags every service takes, and opening its store with the
// schema brought up to date:
//   --db URL                sqlite:PATH or postgresql://user@host:port/db
//   --db-password-file PATH the PostgreSQL password (a mounted secret)
//   --db-connections N      the pool's size
#ifndef DTR_COMMON_STORE_FLAGS_H_
#define DTR_COMMON_STORE_FLAGS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/database.h"
#include "common/flags.h"
#include "common/migrations.h"

namespace dtr {

struct StoreFlags {
  std::string url;  // set the service's default before AddStoreFlags
  std::string password_file;
  int64_t connections = 8;
};

void AddStoreFlags(FlagSet* flags, StoreFlags* store);

// Opens the store and applies the migrations it has not seen.
absl::StatusOr<std::unique_ptr<Database>> OpenStore(
    const StoreFlags& store, const std::vector<Migration>& migrations);

}  // namespace dtr

#endif  // DTR_COMMON_STORE_FLAGS_H_
