// Records for fault and load tests: a small unit tree and numbered batches
// of dossiers and staff, each batch's records with ids of their own, and
// the figures that count them.
#ifndef DTR_TESTS_INTEGRATION_RECORD_BATCHES_H_
#define DTR_TESTS_INTEGRATION_RECORD_BATCHES_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "dtr/stats/v1/stats.grpc.pb.h"
#include "dtr/workforce/v1/workforce.grpc.pb.h"
#include "grpcpp/channel.h"

namespace dtr::testing {

// A province P with an agency A and a district D1 with a commune C1.
extern const char kSmallUnitTree[];
// Writes it as DIR/units.csv; returns the path.
std::string WriteSmallUnitTree(const std::string& dir);

// Batch `k` of `size` dossiers ("B<k>-<i>"), received on one day of 2023
// (day k % 300 of the year), half in C1, half in A.
stats::v1::BatchUpsertDossiersRequest DossierBatch(
    int k, int size, const std::string& prefix = "B");
// Batch `k` of `size` staff members of C1 and A ("NS-<k>-<i>").
workforce::v1::BatchUpsertStaffRequest StaffBatch(int k, int size);

std::shared_ptr<grpc::Channel> PlainChannel(const std::string& address);
std::chrono::system_clock::time_point SecondsFromNow(int seconds);

// The dossiers P's figures count between `from` and `to` (YYYY-MM-DD);
// `status` gets the call's outcome.
int64_t CountDossiers(const std::string& address, const std::string& from,
                      const std::string& to, grpc::Status* status = nullptr);
// The staff P's workforce summary counts in 2023.
int64_t CountStaff(const std::string& address, grpc::Status* status = nullptr);

}  // namespace dtr::testing

#endif  // DTR_TESTS_INTEGRATION_RECORD_BATCHES_H_
