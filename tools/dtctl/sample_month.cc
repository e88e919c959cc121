#include "tools/dtctl/sample_month.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/dates.h"
#include "services/stats/record_csv.h"
#include "tools/dtctl/apportion.h"
#include "tools/dtctl/csv_writer.h"
#include "tools/dtctl/sample_random.h"
#include "tools/dtctl/sample_report.h"
#include "tools/dtctl/sample_security.h"
#include "tools/dtctl/sample_workforce.h"

namespace dtr::dtctl {
namespace {

// Provincial agencies that receive dossiers at province level; the report
// names about twenty. The first is the one-stop centre, which receives most.
const char* const kAgencies[] = {
    "Trung tâm Phục vụ hành chính công tỉnh",
    "Văn phòng Ủy ban nhân dân tỉnh",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài chính",
    "Sở Công Thương",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Giao thông vận tải",
    "Sở Xây dựng",
    "Sở Tài nguyên và Môi trường",
    "Sở Thông tin và Truyền thông",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Thanh tra tỉnh",
    "Ban Quản lý Khu kinh tế tỉnh",
    "Công an tỉnh",
};

// Relative number of communes of each district, in the fixture's order
// (larger rural districts have more); scaled to the fixture's total.
const double kCommuneShares[] = {15, 6,  11, 24, 16, 10, 17,
                                 19, 21, 22, 23, 20, 12};

// Day the district level and its communes' 2023 codes end: the two-level
// local government took effect on 2025-07-01.
constexpr char kDistrictLevelEnds[] = "2025-06-30";

// Ordinary fees and charges paid online, in đồng, with how common each is.
const std::pair<int64_t, double> kFees[] = {
    {10000, 10}, {15000, 6},  {20000, 12},   {25000, 4},
    {30000, 10}, {50000, 14}, {70000, 3},    {100000, 8},
    {150000, 3}, {200000, 3}, {300000, 1.5}, {500000, 0.8}};

// The generator's own choices, where the fixture says nothing.
constexpr double kLateShare[] = {0.025, 0.015, 0.008};  // of finished, by level
constexpr double kPostalShare = 0.04;    // of dossiers not submitted online
constexpr double kReturnedShare = 0.12;  // of unfinished dossiers
constexpr double kCancelledShare = 0.08;
constexpr double kFailedPaymentShare = 0.04;

struct Unit {
  std::string code;
  std::string name;
  std::string level;
  std::string parent;
  std::string valid_to;
  double weight = 1;
};

struct Procedure {
  std::string code;
  int processing_days;
};

// Dossier categories by service level and channel.
enum Category : uint8_t {
  kFullOnline,
  kFullOffline,
  kPartialOnline,
  kPartialOffline,
  kNoneOffline,
};

enum class Status : uint8_t { kPending, kOnTime, kLate, kReturned, kCancelled };

struct Dossier {
  int32_t unit;
  int32_t procedure;  // index into the pool of its level and category
  int32_t day;        // days since period start
  int16_t minute;     // minute of the day received
  uint8_t level;
  Category category;
  Status status;
  bool postal;
  bool digitized;
  int16_t due_offset;       // days after received
  int16_t finished_offset;  // days after received, -1 when not finished
  int16_t finished_minute;
};

struct Payment {
  int32_t unit;
  int32_t day;  // days since period start
  int16_t minute;
  int64_t amount;
  bool success;
};

std::string Rfc3339(absl::CivilDay day, int minute) {
  return absl::StrFormat("%sT%02d:%02d:00+07:00", FormatDay(day), minute / 60,
                         minute % 60);
}

// How busy a one-stop desk is on a day: working days, fewer on Saturdays,
// almost none on Sundays, Tết and the public holidays of 2023, and slowly
// more over the year as online services spread.
double DayWeight(absl::CivilDay day, absl::CivilDay first) {
  static const char* const kHolidays[][2] = {{"2023-01-02", "2023-01-02"},
                                             {"2023-01-20", "2023-01-26"},
                                             {"2023-04-29", "2023-05-03"},
                                             {"2023-09-01", "2023-09-04"}};
  for (const auto& h : kHolidays) {
    if (*ParseIsoDate(h[0]) <= day && day <= *ParseIsoDate(h[1])) return 0.05;
  }
  double weight = 1.0;
  switch (absl::GetWeekday(day)) {
    case absl::Weekday::saturday:
      weight = 0.3;
      break;
    case absl::Weekday::sunday:
      weight = 0.05;
      break;
    default:
      break;
  }
  return weight * (1.0 + 0.02 * static_cast<double>((day - first) / 30));
}

// `count` copies of each value, shuffled.
template <typename T>
std::vector<T> ShuffledLabels(const std::vector<std::pair<T, int64_t>>& counts,
                              Random& rng) {
  std::vector<T> labels;
  for (const auto& [value, count] : counts)
    labels.insert(labels.end(), count, value);
  rng.Shuffle(labels);
  return labels;
}

std::vector<Unit> BuildUnits(const FixtureTargets& t, Random& rng) {
  std::vector<Unit> units;
  units.push_back({t.province_code, t.province_name, t.levels[0], "", "", 0});
  for (size_t i = 0; i < std::size(kAgencies); ++i) {
    units.push_back({absl::StrFormat("%s-S%02d", t.province_code, i + 1),
                     kAgencies[i], t.levels[0], t.province_code, "",
                     i == 0 ? 8.0 : 0.3 + 1.7 * rng.Unit()});
  }
  std::vector<double> shares(t.district_names.size(), 1.0);
  if (shares.size() == std::size(kCommuneShares)) {
    shares.assign(std::begin(kCommuneShares), std::end(kCommuneShares));
  }
  const std::vector<int64_t> communes = Apportion(t.commune_count, shares);
  const size_t first_district = units.size();
  for (size_t d = 0; d < t.district_names.size(); ++d) {
    units.push_back({absl::StrFormat("%s-D%02d", t.province_code, d + 1),
                     t.district_names[d], t.levels[1], t.province_code,
                     kDistrictLevelEnds, static_cast<double>(communes[d])});
  }
  for (size_t d = 0; d < t.district_names.size(); ++d) {
    const Unit district = units[first_district + d];  // a copy: units grows
    const bool urban = district.name.rfind("Thành phố", 0) == 0 ||
                       district.name.rfind("Thị xã", 0) == 0;
    for (int64_t c = 1; c <= communes[d]; ++c) {
      units.push_back({absl::StrFormat("%s-C%03d", district.code, c),
                       absl::StrFormat("%s số %d (%s)", urban ? "Phường" : "Xã",
                                       c, district.name),
                       t.levels[2], district.code, kDistrictLevelEnds,
                       0.5 + rng.Unit()});
    }
  }
  return units;
}

// Whether the records this generator writes can reproduce the targets at
// all (on top of the per-level checks).
absl::Status CheckFeasible(const FixtureTargets& t) {
  const LevelTargets& district = t.dossiers.at(t.levels[1]);
  const LevelTargets& commune = t.dossiers.at(t.levels[2]);
  if (district.received > 0 && t.district_names.empty()) {
    return absl::InvalidArgumentError(
        "fixture: district dossiers but no district-level unit");
  }
  if (commune.received > 0 && t.commune_count == 0) {
    return absl::InvalidArgumentError(
        "fixture: commune dossiers but no commune-level unit");
  }
  if ((t.successful_transactions > 0) != (t.units_with_payments > 0) ||
      t.units_with_payments > t.successful_transactions) {
    return absl::InvalidArgumentError(
        "fixture: every paying unit needs a transaction, and every "
        "transaction a paying unit");
  }
  const int64_t lowest = std::begin(kFees)->first;
  const int64_t highest = (std::end(kFees) - 1)->first;
  if (t.amount_vnd < t.successful_transactions * lowest ||
      t.amount_vnd > t.successful_transactions * highest) {
    return absl::InvalidArgumentError(absl::StrCat(
        "fixture: ", t.amount_vnd, " đồng over ", t.successful_transactions,
        " transactions is outside the fees the sample uses (", lowest, " to ",
        highest, " đồng each)"));
  }
  return absl::OkStatus();
}

absl::Status CheckLevel(const std::string& level, const LevelTargets& lt) {
  auto bad = [&](absl::string_view what) {
    return absl::InvalidArgumentError(absl::StrCat(
        "fixture: level ", level, ": ", what, "; no records can reproduce it"));
  };
  if (lt.online_numerator > lt.online_denominator)
    return bad("online numerator above its denominator");
  if (lt.full_numerator > lt.full_denominator)
    return bad("full-process numerator above its denominator");
  if (lt.full_denominator > lt.online_denominator)
    return bad("more full-process dossiers than online-service dossiers");
  if (lt.online_denominator > lt.received)
    return bad("more online-service dossiers than dossiers");
  if (lt.online_numerator - lt.full_numerator >
      lt.online_denominator - lt.full_denominator) {
    return bad(
        "more partial-service dossiers online than partial-service dossiers");
  }
  if (lt.finished > lt.received)
    return bad("more finished dossiers than dossiers");
  if (lt.digitized > lt.finished)
    return bad("more digitized dossiers than finished ones");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SampleFiles> WriteSampleMonth(const FixtureTargets& t,
                                             const std::string& dir) {
  for (const std::string& level : t.levels) {
    if (absl::Status s = CheckLevel(level, t.dossiers.at(level)); !s.ok()) {
      return s;
    }
  }
  if (absl::Status s = CheckFeasible(t); !s.ok()) return s;

  // With its parents, as `mkdir -p` would.
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("cannot create ", dir, ": ", error.message()));
  }
  Random rng(20231031);
  const std::vector<Unit> units = BuildUnits(t, rng);
  const int period_days = static_cast<int>(t.period_to - t.period_from) + 1;
  std::vector<double> day_weights;
  for (int d = 0; d < period_days; ++d) {
    day_weights.push_back(DayWeight(t.period_from + d, t.period_from));
  }
  const WeightedPicker day_picker(day_weights);

  // Receiving units of each level: agencies, districts, communes.
  std::vector<std::vector<int32_t>> receivers(3);
  for (size_t i = 1; i < units.size(); ++i) {
    for (int l = 0; l < 3; ++l) {
      if (units[i].level == t.levels[l])
        receivers[l].push_back(static_cast<int32_t>(i));
    }
  }

  // Procedures of each level and category, each offered at one service
  // level, with its legal processing time.
  std::vector<Procedure> pools[3][3];  // [level][full, partial, none]
  for (int l = 0; l < 3; ++l) {
    const int sizes[3] = {15, 25, 10};
    const int max_days[3] = {7, 15, 20};
    for (int s = 0; s < 3; ++s) {
      for (int p = 0; p < sizes[s]; ++p) {
        pools[l][s].push_back(
            {absl::StrFormat(
                 "%d.%06d", l + 1,
                 1000 + 400 * (s * 40 + p) + static_cast<int>(rng.Below(400))),
             static_cast<int>(rng.Between(1, max_days[s]))});
      }
    }
  }
  std::vector<double> zipf[3];
  for (int s = 0; s < 3; ++s) {
    for (size_t p = 0; p < pools[0][s].size(); ++p)
      zipf[s].push_back(1.0 / (p + 1));
  }

  std::vector<Dossier> dossiers;
  for (int l = 0; l < 3; ++l) {
    const LevelTargets& lt = t.dossiers.at(t.levels[l]);
    std::vector<double> weights;
    for (int32_t u : receivers[l]) weights.push_back(units[u].weight);
    const WeightedPicker unit_picker(weights);
    const WeightedPicker procedure_picker[3] = {WeightedPicker(zipf[0]),
                                                WeightedPicker(zipf[1]),
                                                WeightedPicker(zipf[2])};
    const auto categories = ShuffledLabels<Category>(
        {{kFullOnline, lt.full_numerator},
         {kFullOffline, lt.full_denominator - lt.full_numerator},
         {kPartialOnline, lt.online_numerator - lt.full_numerator},
         {kPartialOffline, (lt.online_denominator - lt.full_denominator) -
                               (lt.online_numerator - lt.full_numerator)},
         {kNoneOffline, lt.received - lt.online_denominator}},
        rng);
    // uint8_t rather than bool: std::vector<bool> cannot be shuffled.
    const auto finished = ShuffledLabels<uint8_t>(
        {{1, lt.finished}, {0, lt.received - lt.finished}}, rng);
    const int64_t late =
        std::llround(static_cast<double>(lt.finished) * kLateShare[l]);
    const auto finished_status = ShuffledLabels<Status>(
        {{Status::kOnTime, lt.finished - late}, {Status::kLate, late}}, rng);
    const auto digitized = ShuffledLabels<uint8_t>(
        {{1, lt.digitized}, {0, lt.finished - lt.digitized}}, rng);
    const int64_t unfinished = lt.received - lt.finished;
    const int64_t returned =
        std::llround(static_cast<double>(unfinished) * kReturnedShare);
    const int64_t cancelled =
        std::llround(static_cast<double>(unfinished) * kCancelledShare);
    const auto open_status = ShuffledLabels<Status>(
        {{Status::kPending, unfinished - returned - cancelled},
         {Status::kReturned, returned},
         {Status::kCancelled, cancelled}},
        rng);
    size_t next_finished = 0, next_open = 0;
    for (int64_t i = 0; i < lt.received; ++i) {
      Dossier d{};
      d.level = static_cast<uint8_t>(l);
      d.unit = receivers[l][unit_picker.Pick(rng)];
      d.category = categories[i];
      const int sl = d.category == kFullOnline || d.category == kFullOffline ? 0
                     : d.category == kNoneOffline                            ? 2
                                                  : 1;
      d.procedure = static_cast<int32_t>(procedure_picker[sl].Pick(rng));
      const bool online =
          d.category == kFullOnline || d.category == kPartialOnline;
      d.postal = !online && rng.Unit() < kPostalShare;
      if (finished[i]) {
        d.status = finished_status[next_finished];
        d.digitized = digitized[next_finished] != 0;
        ++next_finished;
      } else {
        d.status = open_status[next_open++];
      }
      // A late dossier needs a day after its due day within the period.
      do {
        d.day = static_cast<int32_t>(day_picker.Pick(rng));
      } while (d.status == Status::kLate && d.day > period_days - 3);
      d.minute = static_cast<int16_t>(450 + rng.Below(570));  // 07:30–17:00
      const int processing = pools[l][sl][d.procedure].processing_days;
      const int days_left = period_days - 1 - d.day;
      d.due_offset = static_cast<int16_t>(processing);
      d.finished_offset = -1;
      if (d.status == Status::kOnTime) {
        d.finished_offset = static_cast<int16_t>(
            rng.Between(0, std::min(processing, days_left)));
      } else if (d.status == Status::kLate) {
        d.due_offset =
            static_cast<int16_t>(std::min(processing, days_left - 1));
        d.finished_offset = static_cast<int16_t>(std::min(
            d.due_offset + static_cast<int>(rng.Between(1, 7)), days_left));
      }
      if (d.finished_offset >= 0) {
        const int earliest = d.finished_offset == 0 ? d.minute + 30 : 450;
        d.finished_minute = static_cast<int16_t>(
            std::min(1050, earliest + static_cast<int>(rng.Below(300))));
      }
      dossiers.push_back(d);
    }
  }
  std::stable_sort(
      dossiers.begin(), dossiers.end(), [](const Dossier& a, const Dossier& b) {
        return a.day != b.day ? a.day < b.day : a.minute < b.minute;
      });

  SampleFiles files;
  const std::string units_csv = dir + "/units.csv";
  const std::string dossiers_csv = dir + "/dossiers.csv";
  const std::string payments_csv = dir + "/payments.csv";
  {
    CsvWriter out;
    if (absl::Status s = out.Open(units_csv); !s.ok()) return s;
    out.Line("code,name,level,parent_code,valid_from,valid_to");
    for (const Unit& u : units) {
      out.Line(absl::StrCat(u.code, ",", CsvField(u.name), ",", u.level, ",",
                            u.parent, ",,", u.valid_to));
    }
    if (absl::Status s = out.Close(); !s.ok()) return s;
    files.written.push_back(
        {units_csv, static_cast<int64_t>(units.size()), "units"});
  }
  {
    CsvWriter out;
    if (absl::Status s = out.Open(dossiers_csv); !s.ok()) return s;
    // The report the sample follows gives no figure of digitization at
    // reception or reuse of results: those columns stay empty (unknown).
    out.Line(absl::StrJoin(stats::DossierCsvHeader(), ","));
    // Dossier codes number each unit's receipts of a day, as one-stop
    // systems do: <unit>-<yymmdd>-<sequence>.
    std::vector<int> sequence(units.size(), 0);
    int32_t current_day = -1;
    static const char* const kServiceLevel[] = {"full", "partial", "none"};
    static const char* const kStatus[] = {"pending", "done_on_time",
                                          "done_late", "returned", "cancelled"};
    for (const Dossier& d : dossiers) {
      if (d.day != current_day) {
        std::fill(sequence.begin(), sequence.end(), 0);
        current_day = d.day;
      }
      const absl::CivilDay day = t.period_from + d.day;
      const int sl = d.category == kFullOnline || d.category == kFullOffline ? 0
                     : d.category == kNoneOffline                            ? 2
                                                  : 1;
      const bool online =
          d.category == kFullOnline || d.category == kPartialOnline;
      out.Line(absl::StrCat(
          absl::StrFormat("%s-%02d%02d%02d-%04d", units[d.unit].code,
                          day.year() % 100, day.month(), day.day(),
                          ++sequence[d.unit]),
          ",", units[d.unit].code, ",", pools[d.level][sl][d.procedure].code,
          ",", Rfc3339(day, d.minute), ",",
          online     ? "online"
          : d.postal ? "postal"
                     : "direct",
          ",", kServiceLevel[sl], ",", d.digitized ? "1" : "0", ",",
          kStatus[static_cast<int>(d.status)], ",",
          FormatDay(day + d.due_offset), ",",
          d.finished_offset < 0
              ? std::string()
              : Rfc3339(day + d.finished_offset, d.finished_minute),
          ",,"));
    }
    if (absl::Status s = out.Close(); !s.ok()) return s;
    files.written.push_back(
        {dossiers_csv, static_cast<int64_t>(dossiers.size()), "dossiers"});
  }

  // Payments: every paying unit pays at least once inside the window; the
  // rest follow the units' weights. Districts and communes all collect
  // fees online; agencies fill the remaining paying units.
  std::vector<int32_t> paying;
  for (int l : {1, 2, 0}) {
    for (int32_t u : receivers[l]) paying.push_back(u);
  }
  if (t.units_with_payments > static_cast<int64_t>(paying.size()) ||
      t.units_with_payments > t.successful_transactions) {
    return absl::InvalidArgumentError(
        "fixture: more paying units than units or transactions");
  }
  paying.resize(static_cast<size_t>(t.units_with_payments));
  std::vector<double> paying_weights;
  for (int32_t u : paying)
    paying_weights.push_back(std::max(units[u].weight, 0.5));
  const WeightedPicker paying_picker(paying_weights);
  const int window_first = static_cast<int>(t.payments_from - t.period_from);
  const int window_last = static_cast<int>(t.payments_to - t.period_from);
  std::vector<double> window_weights(day_weights.begin() + window_first,
                                     day_weights.begin() + window_last + 1);
  const WeightedPicker window_day(window_weights);

  std::vector<Payment> payments;
  std::vector<double> fee_weights;
  for (const auto& [fee, weight] : kFees) fee_weights.push_back(weight);
  const WeightedPicker fee_picker(fee_weights);
  std::vector<size_t> fee_index;  // of each successful payment in the window
  int64_t amount = 0;
  for (int64_t i = 0; i < t.successful_transactions; ++i) {
    Payment p{};
    p.unit =
        i < t.units_with_payments ? paying[i] : paying[paying_picker.Pick(rng)];
    p.day = window_first + static_cast<int32_t>(window_day.Pick(rng));
    p.minute = static_cast<int16_t>(420 + rng.Below(900));
    p.success = true;
    fee_index.push_back(fee_picker.Pick(rng));
    p.amount = kFees[fee_index.back()].first;
    amount += p.amount;
    payments.push_back(p);
  }
  // Move fees up or down a step until the total is the published one.
  const size_t fee_count = std::size(kFees);
  while (std::llabs(t.amount_vnd - amount) >= kFees[0].first) {
    const size_t i = rng.Below(payments.size());
    size_t& f = fee_index[i];
    const bool up = t.amount_vnd > amount;
    if (up ? f + 1 >= fee_count : f == 0) continue;
    const int64_t step = kFees[up ? f + 1 : f - 1].first - kFees[f].first;
    if (std::llabs(step) > std::llabs(t.amount_vnd - amount)) continue;
    f = up ? f + 1 : f - 1;
    payments[i].amount += step;
    amount += step;
  }
  payments[0].amount += t.amount_vnd - amount;  // a remainder of < 10,000 đ
  // After the window, to the end of the period, payments go on; and some
  // attempts fail all along.
  const int64_t days_after = period_days - 1 - window_last;
  const int64_t after = t.successful_transactions * days_after /
                        std::max<int64_t>(1, window_last - window_first + 1);
  const int64_t failed = std::llround(
      static_cast<double>(t.successful_transactions) * kFailedPaymentShare);
  for (int64_t i = 0; i < after + failed; ++i) {
    Payment p{};
    p.success = i < after;
    p.unit = paying[paying_picker.Pick(rng)];
    p.day = p.success
                ? window_last + 1 + static_cast<int32_t>(rng.Below(days_after))
                : window_first + static_cast<int32_t>(window_day.Pick(rng));
    p.minute = static_cast<int16_t>(420 + rng.Below(900));
    p.amount = kFees[fee_picker.Pick(rng)].first;
    payments.push_back(p);
  }
  std::stable_sort(
      payments.begin(), payments.end(), [](const Payment& a, const Payment& b) {
        return a.day != b.day ? a.day < b.day : a.minute < b.minute;
      });
  {
    CsvWriter out;
    if (absl::Status s = out.Open(payments_csv); !s.ok()) return s;
    out.Line("transaction_id,unit_code,paid_at,amount_vnd,status");
    int32_t current_day = -1;
    int sequence = 0;
    for (const Payment& p : payments) {
      if (p.day != current_day) {
        current_day = p.day;
        sequence = 0;
      }
      const absl::CivilDay day = t.period_from + p.day;
      out.Line(absl::StrCat(absl::StrFormat("PAY-%04d%02d%02d-%06d", day.year(),
                                            day.month(), day.day(), ++sequence),
                            ",", units[p.unit].code, ",",
                            Rfc3339(day, p.minute), ",", p.amount, ",",
                            p.success ? "success" : "failed"));
    }
    if (absl::Status s = out.Close(); !s.ok()) return s;
    files.written.push_back(
        {payments_csv, static_cast<int64_t>(payments.size()), "payments"});
  }
  {
    // What the sample covers, for scripts: `. DIR/sample.env`.
    CsvWriter out;
    if (absl::Status s = out.Open(dir + "/sample.env"); !s.ok()) return s;
    out.Line(absl::StrCat("SAMPLE_UNIT=", t.province_code));
    out.Line(absl::StrCat("SAMPLE_FROM=", FormatDay(t.period_from)));
    out.Line(absl::StrCat("SAMPLE_TO=", FormatDay(t.period_to)));
    out.Line(absl::StrCat("SAMPLE_PAYMENTS_FROM=", FormatDay(t.payments_from)));
    out.Line(absl::StrCat("SAMPLE_PAYMENTS_TO=", FormatDay(t.payments_to)));
    if (absl::Status s = out.Close(); !s.ok()) return s;
  }
  std::vector<SampleUnit> sample_units;
  for (size_t i = 0; i < units.size(); ++i) {
    for (int l = 0; l < 3; ++l) {
      if (units[i].level == t.levels[l]) {
        sample_units.push_back(
            {units[i].code, units[i].name, l, i == 0, units[i].parent});
      }
    }
  }
  auto security = WriteSecuritySample(t, sample_units, dir);
  if (!security.ok()) return security.status();
  files.written.insert(files.written.end(), security->begin(), security->end());
  auto report = WriteReportSample(t, sample_units, dir);
  if (!report.ok()) return report.status();
  files.written.insert(files.written.end(), report->begin(), report->end());
  auto workforce = WriteWorkforceSample(t, sample_units, dir);
  if (!workforce.ok()) return workforce.status();
  files.written.insert(files.written.end(), workforce->begin(),
                       workforce->end());
  return files;
}

}  // namespace dtr::dtctl
