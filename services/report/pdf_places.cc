#include "services/report/pdf_places.h"

#include "nlohmann/json.hpp"

namespace dtr::report {
namespace {

nlohmann::json PlaceJson(const PdfPlace& p) {
  return {{"page", p.page},
          {"x", p.x},
          {"y", p.y},
          {"width", p.width},
          {"height", p.height}};
}

bool ReadPlace(const nlohmann::json& j, const char* key, PdfPlace* out) {
  if (!j.contains(key) || !j[key].is_object()) return false;
  const nlohmann::json& p = j[key];
  for (const char* field : {"page", "x", "y", "width", "height"}) {
    if (!p.contains(field) || !p[field].is_number()) return false;
  }
  out->page = p["page"].get<int>();
  out->x = p["x"].get<double>();
  out->y = p["y"].get<double>();
  out->width = p["width"].get<double>();
  out->height = p["height"].get<double>();
  return true;
}

}  // namespace

std::string PlacesToJson(const PdfPlaces& places) {
  return nlohmann::json{{"number", PlaceJson(places.number)},
                        {"date", PlaceJson(places.date)},
                        {"signature", PlaceJson(places.signature)}}
      .dump();
}

absl::StatusOr<PdfPlaces> PlacesFromJson(const std::string& json) {
  const nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  PdfPlaces out;
  if (!j.is_object() || !ReadPlace(j, "number", &out.number) ||
      !ReadPlace(j, "date", &out.date) ||
      !ReadPlace(j, "signature", &out.signature)) {
    return absl::DataLossError("store: a PDF's stored places are corrupt");
  }
  return out;
}

}  // namespace dtr::report
