// The gRPC edge of the workforce service: checks requests, hands the work
// to the executors (common/unary_calls.h, common/import_calls.h), masks
// national ids, maps outcomes to status codes.
//
// Writes hold the store's write slot on the write executor; a committed
// write bumps the cache generation before it is acknowledged. Reads run on
// the read executor; summaries are cached in Redis under the generation and
// the fingerprints of the unit tree and the rules. Thread-safe: calls share
// only the thread-safe parts of Deps.
#ifndef DTR_SERVICES_WORKFORCE_WORKFORCE_SERVICE_H_
#define DTR_SERVICES_WORKFORCE_WORKFORCE_SERVICE_H_

#include <memory>
#include <string>

#include "common/import_session.h"
#include "common/service_env.h"
#include "dtr/workforce/v1/workforce.grpc.pb.h"
#include "services/workforce/allowance_rules.h"
#include "services/workforce/headline_gauges.h"
#include "services/workforce/import_kinds.h"
#include "services/workforce/workforce_store.h"

namespace dtr::workforce {

// A staff record as responses show it: the national id masked.
v1::Staff Masked(v1::Staff staff);

class WorkforceServiceImpl final
    : public v1::WorkforceService::CallbackService {
 public:
  struct Deps {
    ServiceEnv env;  // its policy: also who may see national ids
    WorkforceStore* store;
    const RulesHolder* rules;
    HeadlineGauges* gauges;  // may be null
  };
  explicit WorkforceServiceImpl(Deps deps);

  grpc::ServerUnaryReactor* CreateStaff(grpc::CallbackServerContext* context,
                                        const v1::CreateStaffRequest* request,
                                        v1::Staff* response) override;
  grpc::ServerUnaryReactor* GetStaff(grpc::CallbackServerContext* context,
                                     const v1::GetStaffRequest* request,
                                     v1::Staff* response) override;
  grpc::ServerUnaryReactor* ListStaff(grpc::CallbackServerContext* context,
                                      const v1::ListStaffRequest* request,
                                      v1::ListStaffResponse* response) override;
  grpc::ServerUnaryReactor* UpdateStaff(grpc::CallbackServerContext* context,
                                        const v1::UpdateStaffRequest* request,
                                        v1::Staff* response) override;
  grpc::ServerUnaryReactor* EndService(grpc::CallbackServerContext* context,
                                       const v1::EndServiceRequest* request,
                                       v1::Staff* response) override;
  grpc::ServerUnaryReactor* ListPositions(
      grpc::CallbackServerContext* context,
      const v1::ListPositionsRequest* request,
      v1::ListPositionsResponse* response) override;
  grpc::ServerUnaryReactor* RecordAbsence(
      grpc::CallbackServerContext* context,
      const v1::RecordAbsenceRequest* request, v1::Absence* response) override;
  grpc::ServerUnaryReactor* ListCourses(
      grpc::CallbackServerContext* context,
      const v1::ListCoursesRequest* request,
      v1::ListCoursesResponse* response) override;
  grpc::ServerUnaryReactor* GetEligibility(
      grpc::CallbackServerContext* context,
      const v1::GetEligibilityRequest* request,
      v1::Eligibility* response) override;
  grpc::ServerUnaryReactor* ListStaffBehind(
      grpc::CallbackServerContext* context,
      const v1::ListStaffBehindRequest* request,
      v1::ListStaffBehindResponse* response) override;
  grpc::ServerUnaryReactor* GetWorkforceSummary(
      grpc::CallbackServerContext* context,
      const v1::GetWorkforceSummaryRequest* request,
      v1::GetWorkforceSummaryResponse* response) override;

  grpc::ServerReadReactor<v1::ImportStaffRequest>* ImportStaff(
      grpc::CallbackServerContext* context,
      v1::ImportStaffResponse* response) override;
  grpc::ServerUnaryReactor* BatchUpsertStaff(
      grpc::CallbackServerContext* context,
      const v1::BatchUpsertStaffRequest* request,
      v1::BatchUpsertStaffResponse* response) override;
  grpc::ServerReadReactor<v1::ImportCoursesRequest>* ImportCourses(
      grpc::CallbackServerContext* context,
      v1::ImportCoursesResponse* response) override;
  grpc::ServerUnaryReactor* BatchUpsertCourses(
      grpc::CallbackServerContext* context,
      const v1::BatchUpsertCoursesRequest* request,
      v1::BatchUpsertCoursesResponse* response) override;
  grpc::ServerReadReactor<v1::ImportAttendanceRequest>* ImportAttendance(
      grpc::CallbackServerContext* context,
      v1::ImportAttendanceResponse* response) override;
  grpc::ServerUnaryReactor* BatchUpsertAttendance(
      grpc::CallbackServerContext* context,
      const v1::BatchUpsertAttendanceRequest* request,
      v1::BatchUpsertAttendanceResponse* response) override;
  grpc::ServerReadReactor<v1::ImportAbsencesRequest>* ImportAbsences(
      grpc::CallbackServerContext* context,
      v1::ImportAbsencesResponse* response) override;
  grpc::ServerUnaryReactor* BatchUpsertAbsences(
      grpc::CallbackServerContext* context,
      const v1::BatchUpsertAbsencesRequest* request,
      v1::BatchUpsertAbsencesResponse* response) override;

 private:
  // Writes one staff record, checked, in its own transaction; `change`
  // turns the current record (absent for a new one) into the new one.
  grpc::ServerUnaryReactor* WriteStaff(
      grpc::CallbackServerContext* context, const std::string& staff_id,
      bool create, std::function<absl::Status(v1::Staff*)> change,
      v1::Staff* response);
  // An import of `Kind` by the caller of `context`.
  template <typename Kind>
  std::unique_ptr<ImportSession<Kind>> NewSession(
      const grpc::CallbackServerContext& context) const;

  const Deps d_;
  const WritePath writes_;
};

}  // namespace dtr::workforce

#endif  // DTR_SERVICES_WORKFORCE_WORKFORCE_SERVICE_H_
