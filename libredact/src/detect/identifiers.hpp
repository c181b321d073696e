// Identifier detectors (RE2 patterns + check digits + context words): My Number, corporate
// number, phone, postal code, e-mail, birth date, bank account, driver's licence, passport,
// residence card, pension and insurance numbers.
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "detect/detector.hpp"

namespace redact::detect {

// Check digits. Each takes ASCII digits only (separators removed by the caller).
bool MyNumberCheckDigitOk(std::string_view digits12);        // 12 digits
bool CorporateNumberCheckDigitOk(std::string_view digits13);  // 13 digits, first is check
bool InsurerNumberCheckDigitOk(std::string_view digits8);     // 8 digits, last is check

// One detector per identifier category, all of them.
std::vector<std::unique_ptr<Detector>> MakeIdentifierDetectors();

}  // namespace redact::detect
