// The security service against a real Redis: the sample's security figures,
// the dossier life cycle through the API, "as of" summaries from the
// history, refused batches.
#include <csignal>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "dtr/security/v1/security.grpc.pb.h"
#include "google/protobuf/util/message_differencer.h"
#include "grpcpp/create_channel.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/integration/test_processes.h"

namespace dtr::testing {
namespace {

namespace sv1 = security::v1;
using nlohmann::json;

json Fixture() {
  std::ifstream in(TestDataPath("ha-tinh-2023-10.json"));
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

std::chrono::system_clock::time_point Deadline() {
  return std::chrono::system_clock::now() + std::chrono::seconds(20);
}

std::unique_ptr<sv1::SecurityService::Stub> StubFor(
    const std::string& address) {
  return sv1::SecurityService::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
}

sv1::GetComplianceSummaryResponse Summary(sv1::SecurityService::Stub* stub,
                                          const std::string& unit,
                                          const std::string& as_of) {
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  sv1::GetComplianceSummaryRequest request;
  request.set_unit_code(unit);
  request.set_as_of(as_of);
  sv1::GetComplianceSummaryResponse response;
  grpc::Status status =
      stub->GetComplianceSummary(&context, request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response;
}

const sv1::ComplianceBlock& Level(const sv1::GetComplianceSummaryResponse& r,
                                  const std::string& level) {
  for (const auto& l : r.levels()) {
    if (l.level() == level) return l.compliance();
  }
  ADD_FAILURE() << "no level " << level;
  return r.total();
}

// The sample's security files imported through dtctl: the systems as of
// the period's start, the rest as of its end.
void ImportSample(const json& fixture, const std::string& dir,
                  const std::string& server) {
  const std::string from = fixture["period"]["from"];
  const std::string as_of = fixture["period"]["to"];
  for (const char* kind : {"systems", "controls", "endpoints", "incidents"}) {
    CommandResult import = RunCommand(
        {BinPath("dtctl"), "security", kind, "import",
         dir + "/" + kind + ".csv", "--effective",
         std::string(kind) == "systems" ? from : as_of, "--server", server});
    ASSERT_EQ(import.exit_code, 0) << kind << ": " << import.err;
  }
}

TEST(SecuritySampleTest, ReproducesTheFixture) {
  const json fixture = Fixture();
  const json& security = fixture["security"];
  const std::string dir = MakeTempDir();
  ASSERT_EQ(
      RunCommand({BinPath("dtctl"), "sample", "write", "--out", dir}).exit_code,
      0);
  RedisServer redis;
  SecurityServer server(dir + "/units.csv", redis.address());
  const std::string from = fixture["period"]["from"];
  const std::string as_of = fixture["period"]["to"];
  ImportSample(fixture, dir, server.address());
  auto stub = StubFor(server.address());
  const sv1::GetComplianceSummaryResponse r =
      Summary(stub.get(), fixture["province"]["code"], as_of);
  const std::vector<std::string> levels = fixture["org_units"]["levels"];

  // Province- and district-level systems: the published share approved.
  const int64_t share =
      security["information_systems"]
              ["level_dossier_approved_share_province_and_district"];
  for (const std::string& level : {levels[0], levels[1]}) {
    const sv1::ComplianceBlock& b = Level(r, level);
    EXPECT_GT(b.systems(), 0) << level;
    EXPECT_EQ(b.approved_dossier().numerator() * 100,
              b.approved_dossier().denominator() * share)
        << level;
  }
  // Commune-level systems: the published number approved.
  const sv1::ComplianceBlock& commune = Level(r, levels[2]);
  EXPECT_EQ(
      commune.approved_dossier().numerator(),
      security["information_systems"]["commune_systems_with_approved_dossier"]
          .get<int64_t>());
  EXPECT_EQ(commune.systems(),
            fixture["org_units"]["commune_level_units_count"].get<int64_t>());
  // Centrally managed anti-malware, exactly.
  EXPECT_EQ(r.total().workstation().central(),
            security["antimalware_central"]["workstations"].get<int64_t>());
  EXPECT_EQ(r.total().server().central(),
            security["antimalware_central"]["servers"].get<int64_t>());
  // No SOC.
  ASSERT_FALSE(security["soc"]["deployed"].get<bool>());
  EXPECT_EQ(r.total().soc_monitored().numerator(), 0);
  EXPECT_EQ(r.total().soc_monitored().denominator(), r.total().systems());
  // The portal and the one-stop system are among the approved ones.
  for (const char* name : {"DVC", "MOTCUA"}) {
    grpc::ClientContext context;
    sv1::ListSystemsRequest request;
    request.set_dossier_status(sv1::DOSSIER_STATUS_APPROVED);
    sv1::ListSystemsResponse list;
    ASSERT_TRUE(stub->ListSystems(&context, request, &list).ok());
    bool found = false;
    for (const auto& s : list.systems()) {
      found |= absl::EndsWith(s.system_id(), absl::StrCat("-", name));
    }
    EXPECT_TRUE(found) << name;
  }
  // The central workstations, listed page by page.
  {
    sv1::ListEndpointsRequest request;
    request.set_unit_code(fixture["province"]["code"]);
    request.set_as_of(as_of);
    request.set_kind(sv1::ENDPOINT_KIND_WORKSTATION);
    request.set_antimalware(sv1::ANTIMALWARE_CENTRAL);
    request.set_page_size(400);
    int64_t listed = 0;
    int pages = 0;
    do {
      grpc::ClientContext context;
      sv1::ListEndpointsResponse page;
      ASSERT_TRUE(stub->ListEndpoints(&context, request, &page).ok());
      listed += page.endpoints_size();
      ++pages;
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    EXPECT_EQ(listed,
              security["antimalware_central"]["workstations"].get<int64_t>());
    EXPECT_GT(pages, 1);
  }
  // The day before the inventory took effect, nothing was recorded; in
  // the middle of the period, the systems but not yet the endpoints.
  EXPECT_EQ(Summary(stub.get(), fixture["province"]["code"], "2022-12-31")
                .total()
                .systems(),
            0);
  const sv1::GetComplianceSummaryResponse mid =
      Summary(stub.get(), fixture["province"]["code"], "2023-06-30");
  EXPECT_EQ(mid.total().systems(), r.total().systems());
  EXPECT_EQ(mid.total().workstation().total(), 0);

  // The contract JSON of dtctl.
  CommandResult out =
      RunCommand({BinPath("dtctl"), "security", "summary", "--unit",
                  fixture["province"]["code"], "--as-of", as_of, "--json",
                  "--server", server.address()});
  ASSERT_EQ(out.exit_code, 0) << out.err;
  const json j = json::parse(out.out);
  EXPECT_EQ(j["unit"], fixture["province"]["code"]);
  EXPECT_EQ(j["as_of"], as_of);
  for (const json* block : {&j["total"], &j["levels"][levels[2]]}) {
    for (const char* key : {"systems", "approved_dossier", "by_security_level",
                            "systems_with_gaps", "soc_monitored", "endpoints",
                            "open_incidents"}) {
      EXPECT_TRUE(block->contains(key)) << key;
    }
    for (const char* level : {"1", "2", "3", "4", "5"}) {
      EXPECT_TRUE((*block)["by_security_level"].contains(level));
    }
    for (const char* kind : {"workstation", "server"}) {
      for (const char* key :
           {"total", "central", "standalone", "none", "stale"}) {
        EXPECT_TRUE((*block)["endpoints"][kind].contains(key)) << kind << key;
      }
    }
  }
  EXPECT_EQ(j["total"]["endpoints"]["workstation"]["central"],
            security["antimalware_central"]["workstations"]);

  // Importing the same files again changes nothing.
  CommandResult again = RunCommand(
      {BinPath("dtctl"), "security", "systems", "import", dir + "/systems.csv",
       "--effective", from, "--server", server.address()});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find(" 0 new, 0 updated, "), std::string::npos)
      << again.out;
  // Also dated earlier than their last change: a row that changes nothing
  // needs no place in the history.
  CommandResult earlier =
      RunCommand({BinPath("dtctl"), "security", "controls", "import",
                  dir + "/controls.csv", "--effective", from, "--server",
                  server.address()});
  EXPECT_EQ(earlier.exit_code, 0) << earlier.err;
}

// The control ids ListGaps reports for the subtree as of a day.
std::set<std::string> GapControls(sv1::SecurityService::Stub* stub,
                                  const std::string& unit,
                                  const std::string& as_of) {
  std::set<std::string> ids;
  sv1::ListGapsRequest request;
  request.set_unit_code(unit);
  request.set_as_of(as_of);
  do {
    grpc::ClientContext context;
    context.set_deadline(Deadline());
    sv1::ListGapsResponse response;
    grpc::Status status = stub->ListGaps(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    if (!status.ok()) break;
    for (const auto& system : response.systems()) {
      for (const auto& gap : system.gaps()) ids.insert(gap.control_id());
    }
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  return ids;
}

// How many summaries Redis holds ("*N"), once it holds `expected` or after
// two seconds: an answer is stored after it is sent.
std::string CachedSummaries(RedisServer& redis,
                            const std::string& expected = "*2") {
  std::string count;
  for (int i = 0; i < 40; ++i) {
    count = redis.Call("KEYS dtr:security:*summary:*");
    if (count == expected) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return count;
}

// A province adds a requirement from 2024-01-01 by ending the catalogue's
// version the day before and adding one: a 2023 summary stays as it was,
// answered from the same cache entry; a 2024 one applies the new control
// and names the new version. An overlapping edit is refused naming the
// entry, and the catalogue in force stays.
TEST(SecurityCatalogueVersionsTest,
     AChangeFromADayLeavesEarlierDaysAsTheyWere) {
  const json fixture = Fixture();
  const std::string dir = MakeTempDir();
  ASSERT_EQ(
      RunCommand({BinPath("dtctl"), "sample", "write", "--out", dir}).exit_code,
      0);
  json shipped;
  {
    std::ifstream in(DTR_SOURCE_DIR "/services/security/data/controls.json");
    std::stringstream text;
    text << in.rdbuf();
    shipped = json::parse(text.str());
  }
  const json content = shipped["versions"].back();
  json first = content;
  first["valid_from"] = "2016-07-01";
  const std::string path = dir + "/controls.json";
  std::ofstream(path) << json{{"versions", {first}}}.dump();

  RedisServer redis;
  SecurityServer server(dir + "/units.csv", redis.address(), "",
                        {"--controls=" + path});
  ImportSample(fixture, dir, server.address());
  auto stub = StubFor(server.address());
  const std::string root = fixture["province"]["code"];
  const std::string in_2023 = fixture["period"]["to"];
  const std::string in_2024 = "2024-03-31";
  const sv1::GetComplianceSummaryResponse before_2023 =
      Summary(stub.get(), root, in_2023);
  const sv1::GetComplianceSummaryResponse before_2024 =
      Summary(stub.get(), root, in_2024);
  EXPECT_EQ(before_2023.controls_version().valid_from(), "2016-07-01");
  EXPECT_EQ(before_2023.controls_version().fingerprint(),
            before_2024.controls_version().fingerprint());
  EXPECT_EQ(CachedSummaries(redis), "*2");
  EXPECT_EQ(GapControls(stub.get(), root, in_2024).count("T.NEW.01"), 0u);

  // The same content to the end of 2023, and from 2024 a new control that
  // every system (level 1 and up) lacks.
  json ended = first;
  ended["valid_to"] = "2023-12-31";
  json added = content;
  added["valid_from"] = "2024-01-01";
  added["legal_basis"]["number"] = "99/2023/QĐ-UBND";
  added["controls"].push_back({{"control_id", "T.NEW.01"},
                               {"group", "technical"},
                               {"subgroup", "network"},
                               {"title", "Yêu cầu mới từ năm 2024"},
                               {"min_level", 1}});
  std::ofstream(path, std::ios::trunc)
      << json{{"versions", {ended, added}}}.dump();
  server.process().Signal(SIGHUP);
  ASSERT_FALSE(
      server.process().WaitForLine("controls catalogue reloaded").empty());

  // The same figures from the same cache entry; the version named as it
  // stands now, ended the day before the new one.
  sv1::GetComplianceSummaryResponse after_2023 =
      Summary(stub.get(), root, in_2023);
  EXPECT_EQ(after_2023.controls_version().valid_to(), "2023-12-31");
  EXPECT_EQ(after_2023.controls_version().fingerprint(),
            before_2023.controls_version().fingerprint());
  sv1::GetComplianceSummaryResponse figures_2023 = before_2023;
  figures_2023.clear_controls_version();
  after_2023.clear_controls_version();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(figures_2023,
                                                                 after_2023))
      << after_2023.DebugString();
  EXPECT_EQ(CachedSummaries(redis), "*2");  // the same entry
  const sv1::GetComplianceSummaryResponse after_2024 =
      Summary(stub.get(), root, in_2024);
  EXPECT_EQ(CachedSummaries(redis, "*3"), "*3");
  EXPECT_EQ(after_2024.controls_version().valid_from(), "2024-01-01");
  EXPECT_EQ(after_2024.controls_version().legal_basis().number(),
            "99/2023/QĐ-UBND");
  EXPECT_NE(after_2024.controls_version().fingerprint(),
            before_2024.controls_version().fingerprint());
  EXPECT_EQ(after_2024.total().systems_with_gaps(),
            after_2024.total().systems());
  EXPECT_GT(GapControls(stub.get(), root, in_2024).count("T.NEW.01"), 0u);
  EXPECT_EQ(GapControls(stub.get(), root, in_2023).count("T.NEW.01"), 0u);

  // dtctl shows each day's version.
  CommandResult shown =
      RunCommand({BinPath("dtctl"), "rules", "show", "--kind", "controls",
                  "--on", "2024-01-01", "--server", server.address()});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_TRUE(absl::StrContains(shown.out, "in force from 2024-01-01"))
      << shown.out;
  EXPECT_TRUE(absl::StrContains(shown.out, "99/2023/QĐ-UBND")) << shown.out;
  EXPECT_TRUE(absl::StrContains(shown.out, "T.NEW.01")) << shown.out;
  shown = RunCommand({BinPath("dtctl"), "rules", "show", "--kind", "controls",
                      "--on", "2023-12-31", "--json", "--server",
                      server.address()});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const json listed = json::parse(shown.out);
  EXPECT_EQ(listed["version"]["valid_to"], "2023-12-31");
  EXPECT_EQ(listed["controls"].size(), content["controls"].size());

  // Versions that overlap: refused whole, naming the entry.
  json overlapping = added;
  overlapping["valid_from"] = "2023-12-01";
  std::ofstream(path, std::ios::trunc)
      << json{{"versions", {ended, overlapping}}}.dump();
  server.process().Signal(SIGHUP);
  const std::string refused =
      server.process().WaitForLine("controls catalogue not reloaded");
  ASSERT_FALSE(refused.empty());
  EXPECT_TRUE(absl::StrContains(refused, "versions[1]")) << refused;
  EXPECT_TRUE(absl::StrContains(refused, "overlaps")) << refused;
  EXPECT_EQ(Summary(stub.get(), root, in_2024).controls_version().valid_from(),
            "2024-01-01");
}

// Every part of every rate of the summary, in total and per level, listed
// page by page: as many systems and endpoints as it counts, of the part
// asked for; dtctl writes them with the import's header.
TEST(SecuritySampleTest, TheRecordsBehindEveryRateAreAsManyAsItCounts) {
  const json fixture = Fixture();
  const std::string dir = MakeTempDir();
  ASSERT_EQ(
      RunCommand({BinPath("dtctl"), "sample", "write", "--out", dir}).exit_code,
      0);
  SecurityServer server(dir + "/units.csv", "");
  ImportSample(fixture, dir, server.address());
  auto stub = StubFor(server.address());
  const std::string root = fixture["province"]["code"];
  const std::string as_of = fixture["period"]["to"];
  const sv1::GetComplianceSummaryResponse r = Summary(stub.get(), root, as_of);
  std::vector<std::pair<std::string, const sv1::ComplianceBlock*>> blocks = {
      {"", &r.total()}};
  for (const auto& l : r.levels())
    blocks.emplace_back(l.level(), &l.compliance());
  using common::v1::FigurePart;
  const std::pair<FigurePart, const char*> parts[] = {
      {common::v1::FIGURE_PART_NUMERATOR, "numerator"},
      {common::v1::FIGURE_PART_DENOMINATOR, "denominator"},
      {common::v1::FIGURE_PART_REST, "rest"}};
  const auto part_of = [](const common::v1::Ratio& ratio, FigurePart part) {
    return part == common::v1::FIGURE_PART_NUMERATOR ? ratio.numerator()
           : part == common::v1::FIGURE_PART_DENOMINATOR
               ? ratio.denominator()
               : ratio.denominator() - ratio.numerator();
  };
  int nonzero = 0;
  for (const auto& [level, block] : blocks) {
    for (const auto& [part, part_name] : parts) {
      for (const std::string figure : {"approved_dossier", "soc_monitored"}) {
        sv1::ListSystemsBehindRequest request;
        request.set_unit_code(root);
        request.set_as_of(as_of);
        request.set_figure(figure);
        request.set_part(part);
        request.set_level(level);
        request.set_page_size(37);
        int64_t listed = 0, total = -1;
        do {
          grpc::ClientContext context;
          sv1::ListSystemsBehindResponse page;
          ASSERT_TRUE(stub->ListSystemsBehind(&context, request, &page).ok());
          if (total < 0) total = page.total_count();
          for (const auto& s : page.systems()) {
            const bool approved =
                s.dossier().status() == sv1::DOSSIER_STATUS_APPROVED;
            const bool in =
                figure == "approved_dossier" ? approved : s.soc_monitored();
            if (part == common::v1::FIGURE_PART_NUMERATOR) {
              EXPECT_TRUE(in) << s.system_id();
            }
            if (part == common::v1::FIGURE_PART_REST) {
              EXPECT_FALSE(in) << s.system_id();
            }
          }
          listed += page.systems_size();
          request.set_page_token(page.next_page_token());
        } while (!request.page_token().empty());
        const common::v1::Ratio& ratio = figure == "approved_dossier"
                                             ? block->approved_dossier()
                                             : block->soc_monitored();
        const std::string where =
            absl::StrCat(level, " ", figure, " ", part_name);
        EXPECT_EQ(listed, part_of(ratio, part)) << where;
        EXPECT_EQ(total, listed) << where;
        nonzero += listed > 0;
      }
      for (const auto kind :
           {sv1::ENDPOINT_KIND_WORKSTATION, sv1::ENDPOINT_KIND_SERVER}) {
        sv1::ListEndpointsBehindRequest request;
        request.set_unit_code(root);
        request.set_as_of(as_of);
        request.set_kind(kind);
        request.set_part(part);
        request.set_level(level);
        request.set_page_size(500);
        int64_t listed = 0;
        do {
          grpc::ClientContext context;
          sv1::ListEndpointsBehindResponse page;
          ASSERT_TRUE(stub->ListEndpointsBehind(&context, request, &page).ok());
          listed += page.endpoints_size();
          request.set_page_token(page.next_page_token());
        } while (!request.page_token().empty());
        const sv1::EndpointCounts& counts = kind == sv1::ENDPOINT_KIND_SERVER
                                                ? block->server()
                                                : block->workstation();
        EXPECT_EQ(listed, part_of(counts.central_share(), part))
            << level << " " << kind << " " << part_name;
        nonzero += listed > 0;
      }
    }
  }
  EXPECT_GT(nonzero, 10);

  // The systems without an approved dossier, as CSV with the import's
  // header; a figure or part the summary has not is refused by name.
  const std::string csv = dir + "/unapproved.csv";
  CommandResult listed = RunCommand(
      {BinPath("dtctl"), "security", "systems", "list", "--unit", root,
       "--as-of", as_of, "--figure", "approved_dossier", "--part", "rest",
       "--csv", csv, "--server", server.address()});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  std::ifstream exported(csv), imported(dir + "/systems.csv");
  std::string header, import_header, line;
  std::getline(exported, header);
  std::getline(imported, import_header);
  EXPECT_EQ(header, import_header);
  int64_t rows = 0;
  while (std::getline(exported, line)) ++rows;
  const int64_t rest = r.total().approved_dossier().denominator() -
                       r.total().approved_dossier().numerator();
  EXPECT_EQ(rows, rest);
  EXPECT_TRUE(absl::StrContains(listed.err, absl::StrCat(rest, " systems")))
      << listed.err;
  CommandResult bad = RunCommand(
      {BinPath("dtctl"), "security", "systems", "list", "--unit", root,
       "--figure", "gaps", "--part", "rest", "--server", server.address()});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(bad.err, "figure: 'gaps' is not a rate"))
      << bad.err;
}

class SecurityServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    std::ofstream(dir_ + "/units.csv")
        << "code,name,level,parent_code,valid_from,valid_to\n"
           "P,Province,province,,,\n"
           "A,Agency,province,P,,\n"
           "C,Commune,commune,P,,\n";
    server_ =
        std::make_unique<SecurityServer>(dir_ + "/units.csv", redis_.address());
    stub_ = StubFor(server_->address());
  }

  static sv1::ChangeContext At(const std::string& effective,
                               const std::string& reason = "") {
    sv1::ChangeContext c;
    c.set_effective_at(effective);
    c.set_reason(reason);
    return c;
  }

  grpc::Status Create(const std::string& id, const std::string& owner,
                      int level, const std::string& effective) {
    sv1::CreateSystemRequest r;
    r.mutable_system()->set_system_id(id);
    r.mutable_system()->set_name("System " + id);
    r.mutable_system()->set_owner_unit(owner);
    r.mutable_system()->set_security_level(level);
    *r.mutable_context() = At(effective, "registered");
    grpc::ClientContext context;
    context.AddMetadata("dtr-actor", "tester");
    sv1::InformationSystem out;
    return stub_->CreateSystem(&context, r, &out);
  }

  grpc::Status Step(const std::string& step, const std::string& id,
                    const std::string& effective) {
    sv1::DossierStepRequest r;
    r.set_system_id(id);
    *r.mutable_context() = At(effective, step);
    grpc::ClientContext context;
    sv1::InformationSystem out;
    return step == "draft" ? stub_->DraftDossier(&context, r, &out)
                           : stub_->SubmitDossier(&context, r, &out);
  }

  grpc::Status Approve(const std::string& id, const std::string& decision_no,
                       const std::string& effective) {
    sv1::ApproveDossierRequest r;
    r.set_system_id(id);
    r.set_decision_no(decision_no);
    r.set_decision_date("2023-03-15");
    r.set_approved_by("UBND tỉnh");
    *r.mutable_context() = At(effective, "decision received");
    grpc::ClientContext context;
    sv1::InformationSystem out;
    return stub_->ApproveDossier(&context, r, &out);
  }

  std::vector<sv1::HistoryEvent> History(const std::string& id) {
    grpc::ClientContext context;
    sv1::GetSystemHistoryRequest r;
    r.set_system_id(id);
    sv1::GetSystemHistoryResponse out;
    EXPECT_TRUE(stub_->GetSystemHistory(&context, r, &out).ok());
    return {out.events().begin(), out.events().end()};
  }

  sv1::InformationSystem Get(const std::string& id) {
    grpc::ClientContext context;
    sv1::GetSystemRequest r;
    r.set_system_id(id);
    sv1::InformationSystem out;
    EXPECT_TRUE(stub_->GetSystem(&context, r, &out).ok());
    return out;
  }

  std::string dir_;
  RedisServer redis_;
  std::unique_ptr<SecurityServer> server_;
  std::unique_ptr<sv1::SecurityService::Stub> stub_;
};

TEST_F(SecurityServiceTest, AsOfSummariesFollowTheHistory) {
  ASSERT_TRUE(Create("S1", "A", 2, "2023-01-10").ok());
  ASSERT_TRUE(Step("draft", "S1", "2023-01-20").ok());
  ASSERT_TRUE(Step("submit", "S1", "2023-02-01").ok());
  ASSERT_TRUE(Approve("S1", "12/QĐ-UBND", "2023-03-15").ok());
  auto approved = [&](const std::string& day) {
    return Summary(stub_.get(), "P", day).total().approved_dossier();
  };
  EXPECT_EQ(Summary(stub_.get(), "P", "2023-01-09").total().systems(), 0);
  EXPECT_EQ(approved("2023-03-14").numerator(), 0);
  EXPECT_EQ(approved("2023-03-14").denominator(), 1);
  EXPECT_EQ(approved("2023-03-15").numerator(), 1);
  EXPECT_EQ(approved("2023-12-31").numerator(), 1);

  // A new security level sends the approval back to drafting.
  sv1::UpdateSystemRequest update;
  update.set_system_id("S1");
  update.set_security_level(3);
  *update.mutable_context() = At("2023-05-01", "new data hosted");
  grpc::ClientContext context;
  sv1::InformationSystem after;
  ASSERT_TRUE(stub_->UpdateSystem(&context, update, &after).ok());
  EXPECT_EQ(after.dossier().status(), sv1::DOSSIER_STATUS_DRAFTED);
  EXPECT_EQ(approved("2023-04-30").numerator(), 1);
  EXPECT_EQ(approved("2023-05-01").numerator(), 0);
  const auto by_level =
      Summary(stub_.get(), "P", "2023-05-01").total().by_security_level();
  EXPECT_EQ(by_level.at(3), 1);
  EXPECT_EQ(by_level.at(2), 0);
}

TEST_F(SecurityServiceTest, TheHistoryListsEveryChangeInOrder) {
  ASSERT_TRUE(Create("S1", "A", 1, "2023-01-10").ok());
  ASSERT_TRUE(Step("draft", "S1", "2023-01-20").ok());
  sv1::SetControlStateRequest control;
  control.mutable_control()->set_system_id("S1");
  control.mutable_control()->set_control_id("T.APP.02");
  control.mutable_control()->set_state(sv1::CONTROL_STATE_IMPLEMENTED);
  control.mutable_control()->set_checked_at("2023-01-25");
  *control.mutable_context() = At("2023-01-25");
  {
    grpc::ClientContext context;
    sv1::SystemControl out;
    ASSERT_TRUE(stub_->SetControlState(&context, control, &out).ok());
  }
  ASSERT_TRUE(Step("submit", "S1", "2023-02-01").ok());
  ASSERT_TRUE(Approve("S1", "7/QĐ-UBND", "2023-03-15").ok());
  {
    sv1::OpenIncidentRequest open;
    open.mutable_incident()->set_incident_id("I1");
    open.mutable_incident()->set_system_id("S1");
    open.mutable_incident()->set_opened_at("2023-04-02T09:00:00+07:00");
    open.mutable_incident()->set_severity(sv1::SEVERITY_HIGH);
    open.mutable_incident()->set_closed_at("2023-04-03T10:00:00+07:00");
    grpc::ClientContext context;
    sv1::Incident out;
    ASSERT_TRUE(stub_->OpenIncident(&context, open, &out).ok());
  }
  const std::vector<sv1::HistoryEvent> events = History("S1");
  std::vector<std::string> changes;
  for (const auto& e : events)
    changes.push_back(e.entity() + ": " + e.change());
  ASSERT_EQ(events.size(), 7u) << absl::StrJoin(changes, "\n");
  EXPECT_TRUE(absl::StartsWith(changes[0], "system: created"));
  EXPECT_EQ(changes[1], "system: dossier none → drafted");
  EXPECT_TRUE(absl::StartsWith(changes[2], "control: control T.APP.02"));
  EXPECT_EQ(changes[3], "system: dossier drafted → submitted");
  EXPECT_EQ(changes[4],
            "system: dossier submitted → approved (7/QĐ-UBND of 2023-03-15, "
            "UBND tỉnh)");
  EXPECT_EQ(changes[5], "incident: incident I1 opened (high)");
  EXPECT_EQ(changes[6], "incident: incident I1 closed");
  for (size_t i = 1; i < events.size(); ++i) {
    EXPECT_LE(events[i - 1].effective_at(), events[i].effective_at());
  }
  EXPECT_NE(events[0].actor().find("tester"), std::string::npos);
  EXPECT_EQ(events[0].reason(), "registered");
  // dtctl shows the same.
  CommandResult shown =
      RunCommand({BinPath("dtctl"), "security", "history", "--system", "S1",
                  "--server", server_->address()});
  EXPECT_EQ(shown.exit_code, 0);
  EXPECT_NE(shown.out.find("submitted → approved"), std::string::npos);
  // On the province's clock: the incident opened at 09:00 local time, the
  // approval took effect at the start of its day there.
  EXPECT_TRUE(
      absl::StrContains(shown.out, "2023-04-02T09:00:00+07:00  incident"))
      << shown.out;
  EXPECT_TRUE(absl::StrContains(shown.out, "2023-03-15T00:00:00+07:00  system"))
      << shown.out;
  EXPECT_FALSE(absl::StrContains(shown.out, "Z  ")) << shown.out;
  CommandResult as_json =
      RunCommand({BinPath("dtctl"), "security", "history", "--system", "S1",
                  "--json", "--server", server_->address()});
  ASSERT_EQ(as_json.exit_code, 0) << as_json.err;
  const json history = json::parse(as_json.out);
  EXPECT_EQ(history["system_id"], "S1");
  EXPECT_EQ(history["time_zone"], "Asia/Ho_Chi_Minh");
  ASSERT_EQ(history["events"].size(), 7u);
  EXPECT_EQ(history["events"][5]["effective_at"], "2023-04-02T09:00:00+07:00");
  EXPECT_EQ(history["events"][5]["change"], "incident I1 opened (high)");
  EXPECT_EQ(history["events"][0]["actor"], events[0].actor());
  EXPECT_TRUE(absl::EndsWith(
      history["events"][0]["recorded_at"].get<std::string>(), "+07:00"));
}

// A line of `dtctl security gaps` is in one language: Vietnamese, as the
// control catalogue's titles are (--json keeps the API's English keys).
TEST_F(SecurityServiceTest, GapsAreWrittenInOneLanguage) {
  ASSERT_TRUE(Create("S1", "A", 1, "2023-01-10").ok());
  CommandResult shown =
      RunCommand({BinPath("dtctl"), "security", "gaps", "--unit", "P",
                  "--as-of", "2023-10-31", "--server", server_->address()});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_TRUE(absl::StrContains(
      shown.out, "S1  System S1 (đơn vị A, cấp độ 1, hồ sơ cấp độ: chưa lập)"))
      << shown.out;
  EXPECT_TRUE(absl::StrContains(shown.out,
                                "    Phê duyệt hồ sơ đề xuất cấp độ: chưa lập "
                                "hồ sơ đề xuất cấp độ\n"))
      << shown.out;
  EXPECT_TRUE(
      absl::StrContains(shown.out, ": chưa ghi nhận tình trạng triển khai\n"))
      << shown.out;
  for (const char* english :
       {"owner", "level", "dossier", "approval", "evidence", "control", "none",
        "not recorded", "missing", "older than", "never checked"}) {
    EXPECT_FALSE(absl::StrContains(shown.out, english)) << english << " in\n"
                                                        << shown.out;
  }
  CommandResult as_json = RunCommand(
      {BinPath("dtctl"), "security", "gaps", "--unit", "P", "--as-of",
       "2023-10-31", "--json", "--server", server_->address()});
  ASSERT_EQ(as_json.exit_code, 0) << as_json.err;
  const json gaps = json::parse(as_json.out);
  EXPECT_EQ(gaps["systems"][0]["dossier_status"], "none");
  EXPECT_EQ(gaps["systems"][0]["gaps"][0]["kind"], "approval");
}

TEST_F(SecurityServiceTest, TheHistoryIsInTheOrderChangesTookEffect) {
  ASSERT_TRUE(Create("S1", "A", 1, "2023-01-10").ok());
  ASSERT_TRUE(Step("draft", "S1", "2023-03-01").ok());
  // Recorded after the drafting, but it happened before it.
  sv1::OpenIncidentRequest open;
  open.mutable_incident()->set_incident_id("I1");
  open.mutable_incident()->set_system_id("S1");
  open.mutable_incident()->set_opened_at("2023-02-01T08:00:00+07:00");
  open.mutable_incident()->set_severity(sv1::SEVERITY_LOW);
  grpc::ClientContext context;
  sv1::Incident out;
  ASSERT_TRUE(stub_->OpenIncident(&context, open, &out).ok());
  const auto events = History("S1");
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].entity(), "system");
  EXPECT_EQ(events[1].entity(), "incident");  // effective 2023-02-01
  EXPECT_EQ(events[2].change(), "dossier none → drafted");
  EXPECT_GT(events[1].sequence(), events[2].sequence());  // recorded last

  // An incident cannot predate its system.
  open.mutable_incident()->set_incident_id("I0");
  open.mutable_incident()->set_opened_at("2022-12-01");
  grpc::ClientContext early;
  EXPECT_EQ(stub_->OpenIncident(&early, open, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(SecurityServiceTest, OpenIncidentsAreCountedBySeverity) {
  ASSERT_TRUE(Create("S1", "A", 1, "2023-01-10").ok());
  sv1::BatchUpsertIncidentsRequest batch;
  auto add = [&](const std::string& id, sv1::Severity severity,
                 const std::string& opened, const std::string& closed) {
    sv1::Incident* i = batch.add_incidents();
    i->set_incident_id(id);
    i->set_system_id("S1");
    i->set_opened_at(opened);
    i->set_severity(severity);
    i->set_closed_at(closed);
  };
  add("I1", sv1::SEVERITY_HIGH, "2023-02-01", "2023-02-03");
  add("I2", sv1::SEVERITY_HIGH, "2023-02-02", "");
  add("I3", sv1::SEVERITY_CRITICAL, "2023-02-05", "");
  add("I4", sv1::SEVERITY_LOW, "2023-01-20", "2023-02-10");
  grpc::ClientContext context;
  sv1::BatchUpsertIncidentsResponse response;
  ASSERT_TRUE(stub_->BatchUpsertIncidents(&context, batch, &response).ok());
  const sv1::IncidentCounts on_feb4 =
      Summary(stub_.get(), "P", "2023-02-04").total().open_incidents();
  EXPECT_EQ(on_feb4.high(), 1);  // I1 closed the day before
  EXPECT_EQ(on_feb4.low(), 1);
  EXPECT_EQ(on_feb4.critical(), 0);
  EXPECT_EQ(on_feb4.total(), 2);
  const sv1::IncidentCounts later =
      Summary(stub_.get(), "P", "2023-03-01").total().open_incidents();
  EXPECT_EQ(later.high(), 1);
  EXPECT_EQ(later.critical(), 1);
  EXPECT_EQ(later.low(), 0);
  EXPECT_EQ(later.total(), 2);

  // A closing in the future is a typing error, refused.
  sv1::CloseIncidentRequest close;
  close.set_incident_id("I2");
  close.set_closed_at("2099-01-01");
  grpc::ClientContext future;
  sv1::Incident closed;
  EXPECT_EQ(stub_->CloseIncident(&future, close, &closed).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  // The same row again changes nothing; a different closing is refused.
  sv1::BatchUpsertIncidentsRequest again = batch;
  again.mutable_incidents(0)->set_closed_at("2023-02-03T00:00:00+07:00");
  grpc::ClientContext same;
  ASSERT_TRUE(stub_->BatchUpsertIncidents(&same, again, &response).ok());
  EXPECT_EQ(response.summary().unchanged(), 4);
  again.mutable_incidents(0)->set_closed_at("2023-02-04");
  grpc::ClientContext different;
  EXPECT_EQ(
      stub_->BatchUpsertIncidents(&different, again, &response).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(SecurityServiceTest, InvalidStepsAreRefusedAndChangeNothing) {
  ASSERT_TRUE(Create("S1", "A", 2, "2023-01-10").ok());
  ASSERT_TRUE(Step("draft", "S1", "2023-01-20").ok());
  const size_t recorded = History("S1").size();

  grpc::Status never_submitted = Approve("S1", "12/QĐ-UBND", "2023-02-01");
  EXPECT_EQ(never_submitted.error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(never_submitted.error_message().find("submitted"),
            std::string::npos);

  ASSERT_TRUE(Step("submit", "S1", "2023-02-01").ok());
  grpc::Status no_decision = Approve("S1", "", "2023-02-02");
  EXPECT_EQ(no_decision.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(no_decision.error_message().find("decision_no"), std::string::npos);
  EXPECT_EQ(Get("S1").dossier().status(), sv1::DOSSIER_STATUS_SUBMITTED);

  // History is not rewritten: a change may not take effect before the last.
  grpc::Status backdated = Approve("S1", "12/QĐ-UBND", "2023-01-15");
  EXPECT_EQ(backdated.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(backdated.error_message().find("effective_at"), std::string::npos);
  EXPECT_EQ(History("S1").size(), recorded + 1);  // only the submission

  // A new system starts at the start of its life cycle.
  {
    sv1::CreateSystemRequest r;
    r.mutable_system()->set_system_id("S9");
    r.mutable_system()->set_name("Approved from the start");
    r.mutable_system()->set_owner_unit("A");
    r.mutable_system()->set_security_level(1);
    r.mutable_system()->mutable_dossier()->set_status(
        sv1::DOSSIER_STATUS_APPROVED);
    r.mutable_system()->mutable_dossier()->set_decision_no("1/QĐ");
    r.mutable_system()->mutable_dossier()->set_decision_date("2023-01-01");
    r.mutable_system()->mutable_dossier()->set_approved_by("UBND");
    grpc::ClientContext context;
    sv1::InformationSystem out;
    EXPECT_EQ(stub_->CreateSystem(&context, r, &out).error_code(),
              grpc::StatusCode::FAILED_PRECONDITION);
  }

  grpc::Status duplicate = Create("S1", "A", 2, "2023-03-01");
  EXPECT_EQ(duplicate.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  grpc::Status nowhere = Create("S2", "Z", 2, "2023-03-01");
  EXPECT_EQ(nowhere.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(nowhere.error_message().find("owner_unit"), std::string::npos);
}

TEST_F(SecurityServiceTest, ABadBatchWritesNothing) {
  ASSERT_TRUE(Create("S0", "A", 1, "2023-01-10").ok());
  const sv1::GetComplianceSummaryResponse before =
      Summary(stub_.get(), "P", "2023-06-30");
  sv1::BatchUpsertSystemsRequest batch;
  auto add = [&](const std::string& id, const std::string& owner, int level,
                 sv1::DossierStatus status) {
    sv1::InformationSystem* s = batch.add_systems();
    s->set_system_id(id);
    s->set_name("System " + id);
    s->set_owner_unit(owner);
    s->set_security_level(level);
    s->mutable_dossier()->set_status(status);
  };
  add("S1", "A", 1, sv1::DOSSIER_STATUS_NONE);
  add("S2", "A", 7, sv1::DOSSIER_STATUS_NONE);      // no such level
  add("S0", "A", 1, sv1::DOSSIER_STATUS_APPROVED);  // never submitted
  add("S3", "Z", 1, sv1::DOSSIER_STATUS_NONE);      // no such unit
  *batch.mutable_context() = At("2023-06-01");
  grpc::ClientContext context;
  sv1::BatchUpsertSystemsResponse response;
  grpc::Status status = stub_->BatchUpsertSystems(&context, batch, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  common::v1::RowErrors errors;
  ASSERT_TRUE(errors.ParseFromString(status.error_details()));
  ASSERT_EQ(errors.errors_size(), 3);
  EXPECT_EQ(errors.errors(0).row(), 2);
  EXPECT_EQ(errors.errors(0).field(), "security_level");
  EXPECT_EQ(errors.errors(1).row(), 3);
  EXPECT_EQ(errors.errors(1).field(), "dossier_status");
  EXPECT_EQ(errors.errors(2).field(), "owner_unit");
  // Nothing was written: not S1, not a change of S0.
  const sv1::GetComplianceSummaryResponse after =
      Summary(stub_.get(), "P", "2023-07-01");
  EXPECT_EQ(after.total().systems(), before.total().systems());
  EXPECT_EQ(History("S0").size(), 1u);

  // With skip_invalid the valid row lands.
  batch.mutable_options()->set_skip_invalid(true);
  grpc::ClientContext again;
  ASSERT_TRUE(stub_->BatchUpsertSystems(&again, batch, &response).ok());
  EXPECT_EQ(response.summary().created(), 1);
  EXPECT_EQ(response.summary().rejected(), 3);
  EXPECT_EQ(Summary(stub_.get(), "P", "2023-07-02").total().systems(), 2);
}

TEST_F(SecurityServiceTest, AStreamWithABadBatchWritesNothing) {
  sv1::ImportSystemsResponse response;
  grpc::ClientContext context;
  context.set_deadline(Deadline());
  auto writer = stub_->ImportSystems(&context, &response);
  sv1::ImportSystemsRequest good, bad;
  for (int i = 0; i < 50; ++i) {
    sv1::InformationSystem* s = good.add_systems();
    s->set_system_id(absl::StrCat("G", i));
    s->set_name("Good");
    s->set_owner_unit("C");
    s->set_security_level(1);
    s->mutable_dossier()->set_status(sv1::DOSSIER_STATUS_NONE);
  }
  *good.mutable_context() = At("2023-04-01");
  sv1::InformationSystem* s = bad.add_systems();
  *s = good.systems(0);
  s->set_system_id("B1");
  s->mutable_dossier()->set_status(
      sv1::DOSSIER_STATUS_APPROVED);  // no decision
  ASSERT_TRUE(writer->Write(good));
  ASSERT_TRUE(writer->Write(bad));
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("row 51: decision_no"),
            std::string::npos)
      << status.error_message();
  EXPECT_EQ(Summary(stub_.get(), "P", "2023-04-02").total().systems(), 0);

  // An import row follows the life cycle as the calls do.
  ASSERT_TRUE(Create("S1", "A", 2, "2023-01-10").ok());
  ASSERT_TRUE(Step("draft", "S1", "2023-01-20").ok());
  sv1::BatchUpsertSystemsRequest skip;
  *skip.add_systems() = Get("S1");
  skip.mutable_systems(0)->mutable_dossier()->set_status(
      sv1::DOSSIER_STATUS_APPROVED);
  skip.mutable_systems(0)->mutable_dossier()->set_decision_no("9/QĐ");
  skip.mutable_systems(0)->mutable_dossier()->set_decision_date("2023-02-01");
  skip.mutable_systems(0)->mutable_dossier()->set_approved_by("UBND");
  *skip.mutable_context() = At("2023-02-02");
  grpc::ClientContext upsert;
  sv1::BatchUpsertSystemsResponse skipped;
  grpc::Status refused = stub_->BatchUpsertSystems(&upsert, skip, &skipped);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  common::v1::RowErrors errors;
  ASSERT_TRUE(errors.ParseFromString(refused.error_details()));
  EXPECT_EQ(errors.errors(0).field(), "dossier_status");
  EXPECT_EQ(Get("S1").dossier().status(), sv1::DOSSIER_STATUS_DRAFTED);
}

TEST_F(SecurityServiceTest, AWriteReplacesACachedSummary) {
  ASSERT_TRUE(Create("S1", "C", 1, "2023-01-10").ok());
  EXPECT_EQ(Summary(stub_.get(), "P", "2023-12-31").total().systems(), 1);
  EXPECT_EQ(Summary(stub_.get(), "P", "2023-12-31").total().systems(), 1);
  ASSERT_TRUE(Create("S2", "C", 1, "2023-02-10").ok());
  EXPECT_EQ(Summary(stub_.get(), "P", "2023-12-31").total().systems(), 2);
  const std::string metrics = HttpGet(server_->metrics_port(), "/metrics");
  EXPECT_NE(metrics.find("dtr_cache_requests_total{result=\"hit\"} 1"),
            std::string::npos)
      << metrics.substr(0, 3000);
}

}  // namespace
}  // namespace dtr::testing
