// The scanned path: page images (image XObjects in PDFs, or image files) are OCR'd into the
// same page model as drawn text, and what the detector finds there is burnt into the pixels.
// Also: value regions of printed PII labels on ruled forms are burnt whole, whatever was
// hand-written in them.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "image/raster.hpp"
#include "ocr/ocr.hpp"
#include "pdf/interpreter.hpp"

namespace redact::pipeline {

// One page image that was OCR'd.
struct ScannedImage {
  int placement = -1;              // index into PageContent::images (PDF), -1 for image files
  PoDoFo::PdfObject* xobject = nullptr;
  image::PdfImage pdf_image;       // PDFs: decoded image and how to store it back
  int width = 0, height = 0;
  pdf::Matrix pixel_to_user;       // maps (px, py) with origin top-left to page user space
  ocr::OcrPage ocr;
  std::vector<image::PixelBox> burn;  // boxes to burn, pixel coordinates
};

// Remembers what OCR read from each image content, so verification passes over the same
// pixels do not OCR them again (OCR work per page stays one recognition). Keyed by a hash of
// the image's stored bytes; after burning, the words under the burnt boxes are dropped.
class OcrMemo {
 public:
  const ocr::OcrPage* Find(const std::string& key) const;
  void Put(const std::string& key, ocr::OcrPage page);

 private:
  std::map<std::string, ocr::OcrPage> pages_;
};

std::string ImageKey(std::string_view stored_bytes);

// Finds PII form labels in OCR text (氏名, 住所, 電話番号, 生年月日, 個人番号 …).
class LabelMatcher {
 public:
  virtual ~LabelMatcher() = default;
  // The category of the PII label the word starts with or consists of, if any.
  virtual std::optional<Category> LabelOf(std::u32string_view word) const = 0;
  // How many characters of the word the longest form label it starts with takes, personal
  // or not (続柄, 備考, 件名 …); 0 when it starts with none.
  virtual std::size_t LabelLength(std::u32string_view word) const = 0;
  // Whether the word starts with any form label.
  bool IsLabel(std::u32string_view word) const { return LabelLength(word) > 0; }
  // Whether the character occurs in a personal label (氏, 名, 住, 所, 生, 年 …).
  virtual bool InPiiLabel(char32_t ch) const = 0;
  // The length of a label of a non-personal field of four characters or more that the word
  // starts with as OCR reads such labels: one character misread (医療機関名 read 話療機関名),
  // or up to two lost inside it (医療名); 0 when none.
  virtual std::size_t FieldLabelLengthAsMisread(std::u32string_view) const { return 0; }
};

// Ruled cells that may hold a PII label which the page's OCR misread or split (氏名 read as
// 名 alone, 生年月日 with 生年 glued to the next cell): short text that is no label, yet holds
// a character of a personal label or was read with low confidence, or ink OCR read nothing on
// (Cell::unread_ink), in a cell with another cell to its right on its row (where a label's
// value goes); likewise the words before a
// line to write on (会議録署名委員 read as 会議録叶名委員). The pipeline re-reads each alone
// (OcrPool::RecognizeRegion) into Cell::reread or Underline::reread, which
// LabelValueRegions matches too. At most
// kMaxLabelRereads per page, the first in reading order: OCR work per page stays bounded.
// Each comes with the box to read: the cell inset past its ruling lines, which on a skewed
// scan slant across the cell's bounding box.
inline constexpr std::size_t kMaxLabelRereads = 6;
struct LabelReread {
  enum Kind { kCell, kUnderline } kind = kCell;
  std::size_t index = 0;  // into OcrPage::cells or OcrPage::underlines
  image::PixelBox box;
};
std::vector<LabelReread> LabelRereadCandidates(const ocr::OcrPage& page, const LabelMatcher& labels);

// Text without marks and spaces, as labels are matched.
std::u32string LabelText(std::u32string_view text);

// A printed label as it was before OCR's usual misreadings of it on scans: 署 of 署名 read as
// 著 (a word of its own, "famous"), 寺 or 叶 — 会議録署名委員 read 会議録著名委員. Only for
// matching labels on scanned pages (a born-digital 著名 is the word).
std::u32string LabelMisreadsUndone(std::u32string_view text);

// A speck OCR read as "." or "," between two Japanese letters of one line (小山 . 正男): no
// Japanese text puts a Latin period there, and it would split the name for the detector.
// Likewise a doubted "|" between two kanji of one vertical column (十九番|二号 of an address),
// and a letter read with confidence under 20 on a speck of at most dpi/40 pixels each way
// (東雲市長 read 東 圭 市長, 圭 on 2 by 1 pixels).
bool IsStrayDot(const std::vector<ocr::OcrWord>& words, std::size_t i, int dpi);

// A handwritten number's digits that OCR read as letters or marks (06-7668-@378, 1O5):
// inside a word of six or more digits, a letter or mark that a digit follows and a digit, a
// dash or the word's start precedes becomes the digit it resembles (marks: 0). The
// detectors then see the number; the checks that need exact digits (My Number's check
// digit) still decide on their own.
std::u32string AsMisreadDigits(std::u32string_view word);

// Words as glyphs for the page model: one glyph per recognized character, in user space.
// Stray dots (IsStrayDot) are left out; misread digits (AsMisreadDigits) are read as digits.
void AppendOcrGlyphs(const ScannedImage& img, int image_index, std::vector<pdf::PlacedGlyph>* glyphs);

// Printed PII labels on a ruled form: the value cell that belongs to each (to the right on
// the same row, else below), in pixels — burnt whole, whether OCR read the handwriting or
// not. `labels` is the engine's label lexicon. Also UnreadableRuns, as `person`.
std::vector<std::pair<Category, image::PixelBox>> LabelValueRegions(const ocr::OcrPage& page,
                                                                    const LabelMatcher& labels);

// Whether all OCR read in a label's value region (words with their centre in it) was read
// with confidence and is text `allowed` accepts — the office's own fax number printed in
// the ＦＡＸ番号 row of its cover sheet, which the policy allowlists. Nothing read, a word
// doubted (handwriting), or ink in `pix` (the image OCR read) outside the words read — more
// than specks and ruling lines — is never allowed.
bool HoldsOnlyAllowed(const ocr::OcrPage& page, PIX* pix, const image::PixelBox& region,
                      const std::function<bool(std::u32string_view)>& allowed);

// A name in running text that OCR cannot read: two or more Japanese letters in a row, each
// read with confidence under 50 (with a doubted single kanji on either side, often its
// misread first or last character), right after a kin noun or right before a personal
// honorific — "母 ■■■ の申請書を送ります" on a fax cover sheet, the name read as 装千や — in
// a line where OCR reads at least four letters with confidence 80 or more. The context says a
// name is there and nothing proves what OCR read is not it, so it is burnt (fail closed);
// LabelValueRegions returns these too, as `person`. Boxes in pixels, padded by 1/60 in.
// The kin noun may itself be doubted; Latin letters read with doubt count as misread
// letters (竹AN); up to two short kana words read with confidence between doubted words
// belong to the run (竹 AN は る の(0): a given name in kana). Likewise a speaker in minutes
// whose surname OCR doubted: the one to four kanji between the 〇 that opens a line and a
// title (委員, 会長 …), one of them read with confidence under 50 (〇中島委員 read 〇中世委員).
// And with no kin noun or honorific: three or more doubted letters, kanji and kana only, with
// a gap of 0.6 to 2.5 em between two of them — a surname and a given name written apart
// (母岩崎 恵子の read 知崎 官の).
std::vector<image::PixelBox> UnreadableRuns(const ocr::OcrPage& page);

// Ink right above the first glyph of a name in a vertical line (`glyph`, pixels) that OCR
// read nothing on: the surname over a given name it did read (木村 unread over いろは様).
// Up the glyph's column (its width and 0.15 em each side), starting within 1.5 em of it, to
// a gap of 0.6 em, at most 5 em; never into a word OCR read. The box to burn, or nothing.
std::optional<image::PixelBox> UnreadInkAbove(PIX* pix, const ocr::OcrPage& page, const image::PixelBox& glyph);

// Burns the pixels under a user-space area in every page image it overlaps, padded by `pad`
// user units: a finding in a text layer drawn over a scan (a scanner's invisible OCR text)
// is also in the picture under it, whether or not our own OCR read it there.
void BurnUnder(const pdf::Box& area, double pad, std::vector<ScannedImage>* scans);

// The part of `region` (inside one of the page's cells) that lies inside that cell as it is on
// the page: on a skewed scan a cell is a slanted rectangle and its box (the slanted
// rectangle's bounding box) runs over the next cells' text at two corners. Strips across the
// region, each as tall as the slanted cell is there (at most 3 px more). The region itself
// when it is in no cell or the page is not skewed.
std::vector<image::PixelBox> WithinSlantedCell(const ocr::OcrPage& page, const image::PixelBox& region);

// Ruled cells of page images that a finding fills — at least half of what OCR read in the
// cell belongs to it — as (image index, pixel box inset from the ruling lines; strips of it
// on a skewed page, WithinSlantedCell): burnt whole,
// so what OCR did not read there (a seal, a misread stroke) goes with the value.
// `ocr[i]` is what was read in the page's image i (glyph.image). A postal code after 〒 also
// takes its cell when most of the rest of what OCR read there was doubted: the address written
// after it, by a hand OCR could not read (`category` is the finding's).
std::vector<std::pair<int, image::PixelBox>> FilledCells(const std::vector<pdf::PlacedGlyph>& glyphs,
                                                         Category category, const std::vector<int>& finding,
                                                         const std::vector<const ocr::OcrPage*>& ocr);

// Pixel box of an OCR glyph, padded for OCR box error (a quarter of its height around).
image::PixelBox BurnBoxOf(const pdf::PlacedGlyph& g);

// Names and addresses read from a scan: OCR lays a line's text over its ink and may shift it by
// part of a character (handwriting: the first stroke of 小 left outside), so the value's ends
// reach 0.4 em further along the line than its first and last characters' boxes — and one em
// more for each kanji or kana of the value laid on no ink (a character OCR read from nothing
// or twice, に に 関し、原田穫二 with 浩 lost: the line's text then sits a character off its ink,
// in a direction nothing tells). A person's name reaches on to a 様, 殿 or 氏 within four ems
// after it: what lies between was the name's (宮崎 碧 様 with 碧 read as nothing).
std::vector<std::pair<int, image::PixelBox>> ValueEnds(const std::vector<pdf::PlacedGlyph>& all,
                                                       Category cat, const std::vector<int>& glyphs,
                                                       const std::vector<const ocr::OcrPage*>& ocr);

// Whether OCR doubted the glyph: it was read (image >= 0) in a word of confidence under 50.
// `ocr` is what was read from each image.
bool OcrDoubted(const pdf::PlacedGlyph& g, const std::vector<const ocr::OcrPage*>& ocr);

// A finding in OCR text with the OCR glyphs that continue it on its line (or down its
// column) and in its cell and that OCR misread — still the value's ink:
// - numeric identifiers (phone, postal code, My Number …): glyphs that look like misread
//   digits or dashes (ー, 一, l, O, B …), up to four on each side (handwritten digits overrun
//   what OCR recognised as the number);
// - names: up to two kanji on each side from words OCR doubted (confidence < 50; 准原大輔
//   read for 菅原大輔), not a personal label's character, kin or a municipality's suffix;
// - addresses ending in a number or 丁目/番地/号: up to four numerals, dashes or doubted
//   kanji after it (二丁目三二亡|三十 read for 二丁目三十七ー三十).
// `ocr` is what was read from each image, `labels` the engine's label lexicon.
std::vector<int> WithMisreadNeighbours(const std::vector<pdf::PlacedGlyph>& glyphs, Category category,
                                       const std::vector<int>& finding,
                                       const std::vector<const ocr::OcrPage*>& ocr, const LabelMatcher& labels);

// What OCR reads on a page after `burn`: the same words, less those with a character at
// least half under a burnt box (a box's edge grazing a label above it leaves the label), and
// in place of the first word each box took, a "■" word (the box itself). Verification must
// see a label followed by a black box, not a label alone whose value then seems to be the
// next line.
ocr::OcrPage AfterBurn(const ocr::OcrPage& page, const std::vector<image::PixelBox>& burn);

// Maps a pixel box to the page user-space box it covers.
pdf::Box PixelToUser(const ScannedImage& img, const image::PixelBox& b);
// Maps a user-space box to the pixel box it covers in the image (rounded outwards, clipped
// to the image: empty when it lies outside).
image::PixelBox UserToPixel(const ScannedImage& img, const pdf::Box& b);

}  // namespace redact::pipeline
