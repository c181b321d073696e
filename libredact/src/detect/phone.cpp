// Japanese telephone numbers: fixed lines (0 + area code + local, 10 digits), mobile, IP,
// toll-free and navi-dial numbers, with hyphens, spaces, dots, brackets or +81. A small
// hand-written parser reads the groups; a numbering-plan check decides what is a phone.
#include <algorithm>
#include <memory>
#include <optional>

#include "detect/identifier_scan.hpp"
#include "detect/identifiers.hpp"

namespace redact::detect::ids {
namespace {

// One way to read the characters at a position as a phone number.
struct PhoneReading {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string digits;       // national form, with the leading 0
  std::vector<int> groups;  // digit counts; the first includes the leading 0
  bool international = false;
  bool space_inside = false;  // a space separates two groups
};

bool IsSep(char32_t c) { return c == U'-' || c == U' ' || c == U'.'; }

// Length of the group separator at q ("-", " ", ".", or a dash with spaces: " - ", " -",
// "- "), 0 when there is none. *space says whether it is a plain space.
int SepLength(std::u32string_view s, int64_t q, bool* space) {
  *space = false;
  char32_t c = At(s, q);
  if (c == U' ' && At(s, q + 1) == U'-') return At(s, q + 2) == U' ' ? 3 : 2;
  if (c == U'-' && At(s, q + 1) == U' ') return 2;
  if (IsSep(c)) {
    *space = c == U' ';
    return 1;
  }
  return 0;
}

// Reads up to three digit groups starting at p and returns every prefix reading (one, two,
// three groups), longest first.
std::vector<PhoneReading> ReadPhone(std::u32string_view s, uint32_t p) {
  std::vector<PhoneReading> readings;
  const int64_t n = static_cast<int64_t>(s.size());
  int64_t pos = p;
  PhoneReading r;
  r.begin = p;
  if (At(s, pos) == U'+') {
    if (At(s, pos + 1) != U'8' || At(s, pos + 2) != U'1') return readings;
    pos += 3;
    r.international = true;
    r.digits = "0";
    bool space = false;
    int len = SepLength(s, pos, &space);
    if (len > 0 && (IsDigit(At(s, pos + len)) || At(s, pos + len) == U'(')) {
      r.space_inside |= space;
      pos += len;
    }
    if (At(s, pos) == U'(' && At(s, pos + 1) == U'0' && At(s, pos + 2) == U')') {
      pos += 3;  // "+81(0)3-..."
      len = SepLength(s, pos, &space);
      if (len > 0 && IsDigit(At(s, pos + len))) {
        r.space_inside |= space;
        pos += len;
      }
    } else if (At(s, pos) == U'0' && IsDigit(At(s, pos + 1))) {
      ++pos;  // "+81 03-..." repeats the trunk prefix
    }
  }
  bool bracket_used = false;
  bool pending_space = false;
  for (int g = 0; g < 3; ++g) {
    bool open = false;
    if (At(s, pos) == U'(' && !bracket_used) {
      open = bracket_used = true;
      ++pos;
    }
    if (!IsDigit(At(s, pos))) break;
    int64_t gb = pos;
    while (pos < n && IsDigit(s[pos])) ++pos;
    int len = static_cast<int>(pos - gb);
    if (len > 11) break;
    if (open) {
      if (At(s, pos) != U')') break;
      ++pos;
    }
    for (int64_t k = gb; k < gb + len; ++k) r.digits.push_back(static_cast<char>(s[k]));
    r.groups.push_back(len + (r.international && g == 0 ? 1 : 0));
    r.space_inside |= pending_space && g > 0;
    r.end = static_cast<uint32_t>(pos);
    readings.push_back(r);
    // The separator before the next group.
    int64_t q = pos;
    int sep = SepLength(s, q, &pending_space);
    if (open) {
      if (sep > 0 && IsDigit(At(s, q + sep))) {
        q += sep;
      } else if (!IsDigit(At(s, q))) {
        break;
      }
    } else {
      q += sep;
      if (!(IsDigit(At(s, q)) && q > pos) && !(At(s, q) == U'(' && !bracket_used)) break;
    }
    pos = q;
  }
  std::reverse(readings.begin(), readings.end());
  return readings;
}

bool MobilePrefix(std::string_view d) {
  std::string_view p = d.substr(0, 3);
  return p == "070" || p == "080" || p == "090" || p == "050" || p == "020" || p == "060";
}
bool ThreeDigitLocalPrefix(std::string_view d) {
  std::string_view p = d.substr(0, 4);
  return p == "0120" || p == "0570" || p == "0180" || p == "0990" || p == "0800";
}

// Base score of a reading by the numbering plan, 0 when it is not a phone number.
double PlanScore(const PhoneReading& r) {
  const std::string& d = r.digits;
  const auto& g = r.groups;
  if (d.size() < 10 || d[0] != '0' || d[1] == '0') return 0;
  if (d.size() == 10) {
    if (g.size() == 1) return 0.6;
    if (g.size() == 2) return g[0] >= 2 && g[0] <= 5 && g[1] >= 4 ? 0.6 : 0;
    if (g[0] >= 2 && g[0] <= 5 && g[2] == 4) return 0.85;
    if (g[0] == 4 && g[1] == 3 && g[2] == 3 && ThreeDigitLocalPrefix(d)) return 0.85;
    return 0;
  }
  if (d.size() == 11) {
    bool is0800 = d.compare(0, 4, "0800") == 0;
    if (!MobilePrefix(d) && !is0800) return 0;
    if (g.size() == 1) return 0.6;
    if (g.size() == 2) return (g[0] == 3 && !is0800) || (g[0] == 4 && is0800) ? 0.6 : 0;
    if (!is0800 && g[0] == 3 && g[1] == 4 && g[2] == 4) return 0.85;
    if (is0800 && g[0] == 4 && g[1] == 3 && g[2] == 4) return 0.85;
  }
  return 0;
}

class PhoneDetector : public Detector {
 public:
  void Detect(const DetectInput& in, std::vector<Candidate>* out) const override {
    std::u32string_view s = in.text.text;
    const uint32_t n = static_cast<uint32_t>(s.size());
    uint32_t p = 0;
    while (p < n) {
      char32_t c = s[p];
      bool start = (c == U'+' || c == U'(' || IsDigit(c)) && !IsDigit(At(s, int64_t{p} - 1)) &&
                   !(c != U'+' && At(s, int64_t{p} - 1) == U'+');
      std::optional<uint32_t> next;
      if (start)
        for (const PhoneReading& r : ReadPhone(s, p)) {
          if (!Separate(s, r)) continue;
          if (Score(s, r, out)) {
            next = r.end;
            break;
          }
          break;  // the longest standalone reading decides
        }
      p = next ? *next : p + 1;
    }
  }

 private:
  // Not glued to other digits: "045-123-4567-8", "1,045-..." or "2023-04-01" parts. A space
  // may separate the number from a neighbour when the number itself uses no spaces.
  static bool Separate(std::u32string_view s, const PhoneReading& r) {
    int64_t b = r.begin, e = r.end;
    if (IsDigit(At(s, e))) return false;
    if (InsideAmount(s, r.begin, r.end)) return false;
    char32_t before = At(s, b - 1);
    if (IsSep(before) && IsDigit(At(s, b - 2)) && (before != U' ' || r.space_inside)) return false;
    char32_t after = At(s, e);
    if (IsSep(after) && IsDigit(At(s, e + 1)) && (after != U' ' || r.space_inside)) return false;
    return true;
  }

  bool Score(std::u32string_view s, const PhoneReading& r, std::vector<Candidate>* out) const {
    double base = PlanScore(r);
    if (base == 0 && MisreadFirstDigit(s, r)) {
      Emit(out, Category::kPhone, r.begin, r.end, 0.6, "phone:shape+misread");
      return true;
    }
    if (base == 0 && r.digits.size() == 9 && r.groups.size() == 3 && r.digits[0] == '0' && !r.international &&
        labels_.DistanceBefore(s, r.begin, 12) >= 0) {
      // A number one digit short right after a phone label: OCR lost a handwritten digit
      // (連絡は066-67-6305まで for 0466-67-6905).
      Emit(out, Category::kPhone, r.begin, r.end, 0.6, "phone:digit-lost+context");
      return true;
    }
    if (base == 0) {
      // A local number without its area code ("TEL 1234-5678") only right after a label.
      if (r.digits.size() == 8 && r.groups.size() == 2 && r.groups[0] == 4 && !r.international &&
          s[r.begin] != U'(' && labels_.DistanceBefore(s, r.begin, 8) >= 0 &&
          !IsAsciiAlpha(At(s, r.end))) {
        Emit(out, Category::kPhone, r.begin, r.end, 0.7, "phone:local+context");
        return true;
      }
      return false;
    }
    bool loose = base < 0.8;  // contiguous or two groups: could be another register's number
    if (loose && LabelBefore(s, r.begin, other_labels_, &labels_, 30)) {
      Emit(out, Category::kPhone, r.begin, r.end, 0.3, "phone:plan+other_label");
      return true;
    }
    bool context = labels_.DistanceBefore(s, r.begin, 24) >= 0;
    double score = std::min(0.98, base + (context ? 0.1 : 0));
    std::string evidence = loose ? "phone:contiguous" : "phone:separated";
    if (r.international) evidence = "phone:international";
    if (context) evidence += "+context";
    Emit(out, Category::kPhone, r.begin, r.end, score, evidence);
    return true;
  }

  // A phone's shape whose first digit is not 0: OCR misreads a leading 0 (990-…, 6-…) on
  // faxes and scans. Taken as a phone when the shape is a mobile's (3-4-4, x90/x80/x70) or
  // a separated 10-digit number right after a phone label or a fax header's FROM. Also a
  // mobile's shape whose second digit OCR misread (030-4132-9277 for 090-…): 0x0-xxxx-xxxx.
  bool MisreadFirstDigit(std::u32string_view s, const PhoneReading& r) const {
    const std::string& d = r.digits;
    const auto& g = r.groups;
    if (r.international || g.size() != 3 || s[r.begin] == U'(') return false;
    if (d[0] == '0')
      return d.size() == 11 && g[0] == 3 && g[1] == 4 && g[2] == 4 && d[2] == '0' && d[1] != '0' && d[1] != '1';
    if (d.size() == 11 && g[0] == 3 && g[1] == 4 && g[2] == 4)
      return d[2] == '0' && (d[1] == '9' || d[1] == '8' || d[1] == '7');
    return d.size() == 10 && g[0] >= 2 && g[0] <= 5 && g[2] == 4 && labels_.DistanceBefore(s, r.begin, 12) >= 0;
  }

  Labels labels_{"電話", "TEL", "携帯",  "連絡", "FAX",  "ファクス", "ファックス", "☎",
                 "☏",    "℡",   "Phone", "Mobile", "自宅", "勤務先",   "緊急連絡", "FROM"};
  Labels other_labels_{"個人番号",   "マイナンバー", "基礎年金番号", "年金番号", "被保険者番号",
                       "保険者番号", "口座番号",     "免許",         "受付番号", "注文番号",
                       "文書番号",   "整理番号",     "管理番号",     "申請番号", "伝票番号",
                       "顧客番号",   "お客様番号",   "会員番号",     "契約番号", "証券番号",
                       "法人番号",   "登録番号"};
};

}  // namespace

std::unique_ptr<Detector> MakePhoneDetector() { return std::make_unique<PhoneDetector>(); }

}  // namespace redact::detect::ids
