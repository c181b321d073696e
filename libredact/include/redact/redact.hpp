// libredact public C++ API.
// An Engine is created once (dictionaries and the MeCab model loaded once) and then finds
// personal information in text from any number of threads. Document redaction builds on it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace redact {

// The kinds of personal information the engine finds. Names as in DESIGN.md.
enum class Category : std::uint8_t {
  kPerson,
  kAddress,
  kPostalCode,
  kPhone,
  kEmail,
  kBirthDate,
  kMyNumber,
  kCorporateNumber,
  kBankAccount,
  kDriversLicense,
  kPassport,
  kResidenceCard,
  kPensionNumber,
  kInsuranceNumber,
};
inline constexpr int kCategoryCount = 14;

// "person", "address", ... — the wire names used in JSON, policies and reports.
std::string_view CategoryName(Category c);
// Inverse of CategoryName; nullopt for an unknown name.
std::optional<Category> CategoryFromName(std::string_view name);

// An error with a one-line reason that never contains the personal data itself.
class Status {
 public:
  Status() = default;
  static Status Error(std::string message) { return Status(std::move(message)); }
  bool ok() const { return !message_.has_value(); }
  const std::string& message() const { return *message_; }

 private:
  explicit Status(std::string m) : message_(std::move(m)) {}
  std::optional<std::string> message_;
};

// A value or the Status saying why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status error) : v_(std::move(error)) {}  // NOLINT
  bool ok() const { return v_.index() == 0; }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }
  const Status& status() const { return std::get<1>(v_); }

 private:
  std::variant<T, Status> v_;
};

// One piece of personal information in a text. Offsets are Unicode code points into the text
// that was passed in (not into its normalized form). `evidence` names the rules that fired
// ("checksum", "context", "label", "mecab", ...), never the value.
struct Finding {
  Category category;
  std::size_t start = 0;
  std::size_t end = 0;
  double score = 0;
  std::vector<std::string> evidence;
};

// What to redact. The default redacts every category at score >= 0.5.
struct CategoryRule {
  bool enabled = true;
  double min_score = 0.5;
};

class Policy {
 public:
  // Every category on, minimum score 0.5, no allow- or denylist.
  static Policy Default() { return Policy(); }
  // Parses the JSON policy format documented in README.md. Unknown keys are errors, so a
  // typo never silently disables a category.
  static Result<Policy> FromJson(std::string_view json);
  static Result<Policy> FromFile(const std::string& path);

  CategoryRule& rule(Category c) { return rules_[static_cast<int>(c)]; }
  const CategoryRule& rule(Category c) const { return rules_[static_cast<int>(c)]; }

  // Exact strings (compared after normalization) and RE2 patterns that are never redacted,
  // such as the office's own letterhead address and phone number.
  std::vector<std::string> allow_exact;
  std::vector<std::string> allow_patterns;
  // Strings that are always redacted wherever they occur, e.g. the requester's name.
  struct DenyEntry {
    std::string text;
    Category category = Category::kPerson;
  };
  std::vector<DenyEntry> deny;

 private:
  CategoryRule rules_[kCategoryCount];
};

struct EngineOptions {
  // Folder with the compiled dictionaries (gazetteer, name parts, labels). Empty: the
  // REDACT_DATA_DIR environment variable, then the install location.
  std::string data_dir;
  // MeCab system dictionary (IPADIC, UTF-8). Empty: the path configured at build time.
  std::string mecab_dicdir;
  // Wall-clock seconds one RedactDocument or Propose call may take; 0: no limit. Checked while
  // pages are interpreted (every 4096 operations), inside Tesseract's recognition (its progress
  // monitor cancels the page) and between verification passes. Past it the call fails with
  // "time limit: …" and writes nothing. Tesseract's layout analysis cannot be interrupted, so a
  // call can overrun by that part of one page (a fraction of a second for an A4 scan).
  double max_seconds_per_document = 0;
};

// What a document redaction did, for reports and logs: never the removed values.
struct RedactionReport {
  struct Box {
    int page = 0;  // 1-based
    Category category;
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;  // PDF user space of that page
  };
  int pages = 0;
  int counts[kCategoryCount] = {};  // findings per category
  std::vector<Box> boxes;
  int glyphs_removed = 0;
  int paths_removed = 0;
  int hidden_channels_removed = 0;  // metadata, annotations, forms, attachments, scripts …

  // {"pages":..,"counts":{category:n},"boxes":[{"page","category","box":[x0,y0,x1,y1]}],
  //  "glyphs_removed":..,"hidden_channels_removed":..} — the report the tools write.
  std::string ToJson() const;
};

// A rectangle in the user space of one page: PDF default user space (points, y up, before
// /Rotate); for image files, pixels with the origin at the bottom-left (y up).
struct Rect {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

// What a redaction would remove, for review before it is applied (the clerk page).
struct Proposal {
  struct Item {
    int id = 0;    // 1-based; the same for the same bytes and policy
    int page = 0;  // 1-based
    Category category;
    std::vector<Rect> boxes;  // the exact areas, one per line
    // First character(s), then fullwidth asterisks: "山田 ＊＊". Never the whole value.
    std::string preview;
  };
  struct Page {
    double width = 0, height = 0;  // points (PDF crop box, unrotated) or pixels (images)
    double x0 = 0, y0 = 0;         // the crop box's lower-left corner in user space
  };
  bool image_file = false;  // TIFF/PNG/JPEG input: boxes are in pixels (see Rect)
  std::vector<Page> pages;
  std::vector<Item> findings;
  // The document redacted as proposed (no edits), already verified, and its report.
  std::string redacted;
  RedactionReport report;
  // Opaque: what was read (OCR) while proposing, reused by an apply of the same bytes.
  std::shared_ptr<const void> state;
};

// The clerk's changes to a Proposal. Applied by RedactDocument through the same removal and
// verification as everything else.
struct ReviewEdits {
  // Findings to leave in place. Verification then ignores exactly these areas.
  std::vector<int> disabled;
  // Extra areas to remove: glyphs whose centre lies inside are deleted, page-image pixels
  // inside are burnt, and a box is drawn, as for a finding.
  struct ExtraBox {
    int page = 0;  // 1-based
    Rect box;
    Category category = Category::kPerson;
  };
  std::vector<ExtraBox> extra;
  // Pages removed whole (1-based): like an extra box over the whole page.
  std::vector<int> whole_pages;
  Category whole_page_category = Category::kPerson;
  // Optional: the Propose() result for the same bytes and policy. Without it the proposal is
  // computed again (and pages are OCR'd again).
  const Proposal* proposal = nullptr;
};

// "山田太郎" → "山田 ＊＊": the first character(s) of a value, then one fullwidth asterisk per
// hidden character (spaces dropped). Values of one character show only "＊".
std::string MaskedPreview(std::string_view utf8);

// The detection engine. Create once; Detect is safe to call from many threads at once
// (per-thread MeCab taggers are pooled inside).
class Engine {
 public:
  static Result<std::unique_ptr<Engine>> Create(const EngineOptions& options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Finds personal information in UTF-8 text. Lines are separated by '\n'; a '\t' separates
  // table cells, so a value in the cell after a label counts as that label's value.
  // Fails only when the policy is unusable (an allow pattern that does not compile): no
  // findings would be a silent pass-through, so that is an error, never an empty result.
  // Cost: linear in the text, about a microsecond per character.
  Result<std::vector<Finding>> Detect(std::string_view utf8, const Policy& policy) const;

  // Redacts a document (PDF with a text layer) held in memory and returns the new file:
  // glyphs of every finding deleted from the content streams, boxes drawn in their place,
  // hidden channels removed, written as one fresh revision, then re-read and re-detected.
  // Any part it cannot fully process — encryption, an unknown filter or font, an image under
  // a finding, a finding left after verification — is an error with a one-line reason, and
  // no output. `report` (optional) receives categories, pages and boxes, never values.
  //
  // With `edits` (review before apply): disabled findings stay and are not counted by
  // verification, extra boxes and whole pages are removed like findings. An unknown finding
  // id or a page out of range is an error. Findings are identified as in Propose().
  Result<std::string> RedactDocument(std::string_view bytes, const Policy& policy,
                                     RedactionReport* report = nullptr,
                                     const ReviewEdits* edits = nullptr) const;

  // Review before apply: what RedactDocument would remove — each finding with its id, page,
  // category, boxes and a masked preview — together with the verified default result.
  // Fails when RedactDocument without edits would fail. Cost: one RedactDocument.
  Result<Proposal> Propose(std::string_view bytes, const Policy& policy) const;

  // The text the engine reads on each page of a PDF (lines joined by '\n', cells by '\t'),
  // for inspecting what detection sees. Contains the document's personal data: for the
  // user's own screen, never for logs.
  Result<std::vector<std::string>> PageTexts(std::string_view pdf_bytes) const;

  // The folder the dictionaries were loaded from.
  const std::string& data_dir() const;

  class Impl;

 private:
  explicit Engine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace redact
