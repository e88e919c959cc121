// The page and type of a Vietnamese administrative document (Decree
// 30/2020/NĐ-CP, Appendix I), shared by the DOCX and the PDF: A4, its
// margins, the first-line indent and the type sizes. Lengths are in
// twentieths of a point (twips, as WordprocessingML counts; 1 mm = 56.69
// twips), sizes in half-points.
#ifndef DTR_SERVICES_REPORT_DECREE30_LAYOUT_H_
#define DTR_SERVICES_REPORT_DECREE30_LAYOUT_H_

namespace dtr::report {

inline constexpr int kPageWidth = 11906;
inline constexpr int kPageHeight = 16838;
inline constexpr int kMarginTop = 1276;     // 22.5 mm (20–25)
inline constexpr int kMarginBottom = 1276;  // 22.5 mm (20–25)
inline constexpr int kMarginLeft = 1871;    // 33 mm (30–35)
inline constexpr int kMarginRight = 1021;   // 18 mm (15–20)
inline constexpr int kTextWidth = kPageWidth - kMarginLeft - kMarginRight;
inline constexpr int kFirstLineIndent = 567;  // 1 cm
// Sizes in half-points.
inline constexpr int kBodySize = 28;        // 14 pt (13–14)
inline constexpr int kTableSize = 24;       // 12 pt
inline constexpr int kHeaderSize = 26;      // 13 pt
inline constexpr int kNationSize = 24;      // 12 pt (12–13)
inline constexpr int kMottoSize = 26;       // 13 pt (13–14)
inline constexpr int kRecipientsSize = 22;  // 11 pt

// Points from twips and from half-points (the PDF's unit).
constexpr double TwipsToPoints(int twips) { return twips / 20.0; }
constexpr double HalfPointsToPoints(int half_points) {
  return half_points / 2.0;
}

}  // namespace dtr::report

#endif  // DTR_SERVICES_REPORT_DECREE30_LAYOUT_H_
