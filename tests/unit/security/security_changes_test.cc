// SecurityChanges on a SQLite store of its own: the rules every change of
// the security service follows, whether a single call's or an import
// row's — a new system starts at the beginning of its life cycle, the
// history is never rewritten, an unchanged row writes nothing, a writer
// stays within its units, and every change is appended with its author.
#include "services/security/security_changes.h"

#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "services/security/control_catalogue.h"
#include "services/security/security_store.h"
#include "tests/unit/test_fixtures.h"

namespace dtr::security {
namespace {

class SecurityChangesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::OpenTestStore(SecurityStore::Migrations());
    ASSERT_NE(db_, nullptr);
    store_ = std::make_unique<SecurityStore>(db_.get());
    units_ = testing::TreeFromCsv(
        "code,name,level,parent_code,valid_from,valid_to\n"
        "P,Province,province,,,\n"
        "D1,District 1,district,P,,\n"
        "D2,District 2,district,P,,\n");
    ASSERT_NE(units_, nullptr);
    auto catalogue = LoadControlCatalogues(
        DTR_SOURCE_DIR "/services/security/data/controls.json");
    ASSERT_TRUE(catalogue.ok()) << catalogue.status();
    catalogue_ = *catalogue;
  }

  // Runs `change` in a transaction of its own, committed when it succeeds.
  template <typename Change>
  auto Apply(Change change, WriteScope scope = WriteScope(),
             bool effective_is_now = false) {
    auto tx = store_->BeginWrite();
    EXPECT_TRUE(tx.ok());
    SecurityChanges changes(tx->get(), units_.get(), catalogue_.get(),
                            Author{"tester", "a test", std::move(scope)},
                            effective_is_now);
    auto result = change(changes);
    if (result.ok()) {
      EXPECT_TRUE((*tx)->Commit().ok());
    }
    return result;
  }

  static v1::InformationSystem System(const std::string& id,
                                      const std::string& owner) {
    v1::InformationSystem s;
    s.set_system_id(id);
    s.set_name("Cổng dịch vụ công");
    s.set_owner_unit(owner);
    s.set_security_level(2);
    s.mutable_dossier()->set_status(v1::DOSSIER_STATUS_NONE);
    return s;
  }

  std::unique_ptr<Database> db_;
  std::unique_ptr<SecurityStore> store_;
  std::shared_ptr<const UnitTree> units_;
  std::shared_ptr<const ControlCatalogues> catalogue_;
};

const absl::Time kMarch =
    absl::FromCivil(absl::CivilDay(2023, 3, 1), absl::UTCTimeZone());
const absl::Time kApril =
    absl::FromCivil(absl::CivilDay(2023, 4, 1), absl::UTCTimeZone());

TEST_F(SecurityChangesTest, ANewSystemStartsAtTheBeginningOfItsLifeCycle) {
  v1::InformationSystem approved = System("S1", "D1");
  approved.mutable_dossier()->set_status(v1::DOSSIER_STATUS_APPROVED);
  auto refused = Apply(
      [&](SecurityChanges& c) { return c.CreateSystem(approved, kMarch); });
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StartsWith(refused.status().message(), "dossier_status:"))
      << refused.status();

  auto created = Apply([&](SecurityChanges& c) {
    return c.CreateSystem(System("S1", "D1"), kMarch);
  });
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->dossier().status(), v1::DOSSIER_STATUS_NONE);
  auto again = Apply([&](SecurityChanges& c) {
    return c.CreateSystem(System("S1", "D1"), kApril);
  });
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
}

TEST_F(SecurityChangesTest, TheHistoryIsNeverRewritten) {
  ASSERT_TRUE(Apply([&](SecurityChanges& c) {
                return c.CreateSystem(System("S1", "D1"), kApril);
              }).ok());
  v1::UpdateSystemRequest rename;
  rename.set_system_id("S1");
  rename.set_name("Hệ thống một cửa");
  auto earlier =
      Apply([&](SecurityChanges& c) { return c.UpdateSystem(rename, kMarch); });
  EXPECT_EQ(earlier.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(earlier.status().message().find("the history is not rewritten"),
            std::string::npos)
      << earlier.status();
  // With no time given, "now" stands for it: the change takes effect with
  // the last one instead of failing.
  auto now =
      Apply([&](SecurityChanges& c) { return c.UpdateSystem(rename, kMarch); },
            WriteScope(), /*effective_is_now=*/true);
  ASSERT_TRUE(now.ok()) << now.status();
  EXPECT_EQ(now->name(), "Hệ thống một cửa");
  auto history = store_->History("S1");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[1].actor(), "tester");
  EXPECT_EQ((*history)[1].reason(), "a test");
  EXPECT_NE((*history)[1].change().find("Hệ thống một cửa"), std::string::npos);
}

TEST_F(SecurityChangesTest, AnImportRowWithNothingNewWritesNothing) {
  auto first = Apply([&](SecurityChanges& c) {
    return c.PutSystem(System("S1", "D1"), kMarch);
  });
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first, UpsertOutcome::kCreated);
  auto same = Apply([&](SecurityChanges& c) {
    return c.PutSystem(System("S1", "D1"), kApril);
  });
  ASSERT_TRUE(same.ok()) << same.status();
  EXPECT_EQ(*same, UpsertOutcome::kUnchanged);
  v1::InformationSystem moved = System("S1", "D2");
  auto updated =
      Apply([&](SecurityChanges& c) { return c.PutSystem(moved, kApril); });
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(*updated, UpsertOutcome::kUpdated);
  auto history = store_->History("S1");
  ASSERT_TRUE(history.ok());
  EXPECT_EQ(history->size(), 2u);
}

TEST_F(SecurityChangesTest, AWriterChangesOnlyTheSystemsOfItsUnits) {
  ASSERT_TRUE(Apply([&](SecurityChanges& c) {
                return c.CreateSystem(System("S2", "D2"), kMarch);
              }).ok());
  const WriteScope d1("d1-writer", {"D1"});
  auto own = Apply(
      [&](SecurityChanges& c) {
        return c.CreateSystem(System("S1", "D1"), kMarch);
      },
      d1);
  EXPECT_TRUE(own.ok()) << own.status();
  // Another unit's system, even taken over into one's own unit.
  auto other = Apply(
      [&](SecurityChanges& c) {
        return c.PutSystem(System("S2", "D1"), kApril);
      },
      d1);
  EXPECT_EQ(other.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(absl::StartsWith(other.status().message(), "system_id:"))
      << other.status();
}

TEST_F(SecurityChangesTest, AControlIsOneTheCatalogueKnows) {
  ASSERT_TRUE(Apply([&](SecurityChanges& c) {
                return c.CreateSystem(System("S1", "D1"), kMarch);
              }).ok());
  v1::SystemControl control;
  control.set_system_id("S1");
  control.set_control_id("NO.SUCH.CONTROL");
  control.set_state(v1::CONTROL_STATE_IMPLEMENTED);
  auto unknown =
      Apply([&](SecurityChanges& c) { return c.SetControl(control, kApril); });
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(unknown.status().message(), "control_id:"));
  control.set_control_id("M.POL.01");
  auto set =
      Apply([&](SecurityChanges& c) { return c.SetControl(control, kApril); });
  ASSERT_TRUE(set.ok()) << set.status();
  auto stored = store_->CurrentControls("S1");
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ((*stored)[0].state(), v1::CONTROL_STATE_IMPLEMENTED);
}

TEST_F(SecurityChangesTest, AnIncidentIsClosedOnce) {
  ASSERT_TRUE(Apply([&](SecurityChanges& c) {
                return c.CreateSystem(System("S1", "D1"), kMarch);
              }).ok());
  v1::Incident incident;
  incident.set_incident_id("I1");
  incident.set_system_id("S1");
  incident.set_opened_at("2023-03-10");
  incident.set_severity(v1::SEVERITY_HIGH);
  ASSERT_TRUE(
      Apply([&](SecurityChanges& c) { return c.OpenIncident(incident); }).ok());
  ASSERT_TRUE(Apply([&](SecurityChanges& c) {
                return c.CloseIncident("I1", kApril);
              }).ok());
  auto twice =
      Apply([&](SecurityChanges& c) { return c.CloseIncident("I1", kApril); });
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace dtr::security
