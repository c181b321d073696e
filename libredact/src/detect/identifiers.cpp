// The identifier detectors as one set, in the order of identifiers.hpp. Each lives in a file
// named for what it finds (my_number.cpp, phone.cpp, ...); shared scanning is in
// identifier_scan.cpp and the check digits in checksums.cpp.
#include "detect/identifiers.hpp"

#include "detect/identifier_scan.hpp"

namespace redact::detect {

std::vector<std::unique_ptr<Detector>> MakeIdentifierDetectors() {
  std::vector<std::unique_ptr<Detector>> d;
  d.push_back(ids::MakeMyNumberDetector());
  d.push_back(ids::MakeCorporateNumberDetector());
  d.push_back(ids::MakePhoneDetector());
  d.push_back(ids::MakePostalCodeDetector());
  d.push_back(ids::MakeEmailDetector());
  d.push_back(ids::MakeBirthDateDetector());
  d.push_back(ids::MakeBankAccountDetector());
  d.push_back(ids::MakeDriversLicenseDetector());
  d.push_back(ids::MakePassportDetector());
  d.push_back(ids::MakeResidenceCardDetector());
  d.push_back(ids::MakePensionNumberDetector());
  d.push_back(ids::MakeInsuranceNumberDetector());
  return d;
}

}  // namespace redact::detect
