// Check digits of the numbered identifiers: My Number (個人番号), corporate number (法人番号)
// and insurer number (保険者番号). Pure functions over ASCII digits; detectors call them.
#include <string_view>

#include "detect/identifiers.hpp"

namespace redact::detect {
namespace {

bool AllDigits(std::string_view d, size_t n) {
  if (d.size() != n) return false;
  for (char c : d)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

// P1..P11 are the first 11 digits counted from the right (P1 = the 11th digit); weights
// Q = n + 1 for n = 1..6 and n - 5 for n = 7..11; check = 11 - (ΣP·Q mod 11), or 0 when
// the remainder is 0 or 1.
bool MyNumberCheckDigitOk(std::string_view digits12) {
  if (!AllDigits(digits12, 12)) return false;
  int sum = 0;
  for (int n = 1; n <= 11; ++n) {
    int p = digits12[11 - n] - '0';
    int q = n <= 6 ? n + 1 : n - 5;
    sum += p * q;
  }
  int r = sum % 11;
  int check = r <= 1 ? 0 : 11 - r;
  return digits12[11] - '0' == check;
}

// The first digit is the check: 9 - (ΣPn·Qn mod 9) over the other 12 digits, P1 being the
// last digit, Qn = 1 for odd n and 2 for even n.
bool CorporateNumberCheckDigitOk(std::string_view digits13) {
  if (!AllDigits(digits13, 13)) return false;
  int sum = 0;
  for (int n = 1; n <= 12; ++n) {
    int p = digits13[13 - n] - '0';
    sum += p * (n % 2 == 1 ? 1 : 2);
  }
  return digits13[0] - '0' == 9 - sum % 9;
}

// Luhn-like: over the first 7 digits from the right, weights 2, 1, 2, ...; a two-digit
// product counts as the sum of its digits; check = (10 - sum mod 10) mod 10.
bool InsurerNumberCheckDigitOk(std::string_view digits8) {
  if (!AllDigits(digits8, 8)) return false;
  int sum = 0;
  for (int i = 0; i < 7; ++i) {
    int p = (digits8[6 - i] - '0') * (i % 2 == 0 ? 2 : 1);
    sum += p / 10 + p % 10;
  }
  return digits8[7] - '0' == (10 - sum % 10) % 10;
}

}  // namespace redact::detect
