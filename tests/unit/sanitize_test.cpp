// Hidden channels, the fresh write and the loader's refusals, checked on PDFs built here with
// PoDoFo and read back with PoDoFo and with qpdf as an independent reader.
#include "pdf/sanitize.hpp"

#include <gtest/gtest.h>
#include <podofo/podofo.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "pdf/document_limits.hpp"

namespace {

using PoDoFo::PdfArray;
using PoDoFo::PdfDictionary;
using PoDoFo::PdfMemDocument;
using PoDoFo::PdfName;
using PoDoFo::PdfObject;
using PoDoFo::PdfReference;
using PoDoFo::PdfString;
using redact::pdf::LoadLimits;
using redact::pdf::LoadPdf;
using redact::pdf::RemoveUnreachableObjects;
using redact::pdf::Sanitize;
using redact::pdf::SanitizeReport;
using redact::pdf::WriteFresh;

constexpr std::string_view kVisibleText = "VISIBLE-PAGE-TEXT";

class QuietPodofo : public ::testing::Environment {
 public:
  void SetUp() override {
    PoDoFo::PdfError::EnableDebug(false);
    PoDoFo::PdfError::EnableLogging(false);
  }
};
const auto* const kQuiet = ::testing::AddGlobalTestEnvironment(new QuietPodofo);

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// --- building fixtures --------------------------------------------------------------------

std::string Serialize(PdfMemDocument& doc) {
  PoDoFo::PdfRefCountedBuffer buffer;
  PoDoFo::PdfOutputDevice device(&buffer);
  doc.Write(&device);
  return std::string(buffer.GetBuffer(), device.GetLength());
}

// A stream stored without filters, so markers in it are visible in the file bytes.
PdfObject* RawStream(PdfMemDocument& doc, std::string_view data, const char* type = nullptr) {
  PdfObject* object = doc.GetObjects().CreateObject(type);
  PoDoFo::TVecFilters none;
  object->GetStream()->Set(data.data(), static_cast<PoDoFo::pdf_long>(data.size()), none);
  return object;
}

PdfObject* NewDict(PdfMemDocument& doc, const char* type = nullptr) {
  return doc.GetObjects().CreateObject(type);
}

PdfDictionary& Dict(PdfObject* object) { return object->GetDictionary(); }

PdfArray RefArray(std::initializer_list<const PdfObject*> objects) {
  PdfArray array;
  for (const PdfObject* object : objects) array.push_back(object->Reference());
  return array;
}

// One A4 page that shows kVisibleText in Helvetica through a raw content stream.
struct Fixture {
  PdfMemDocument doc;
  PoDoFo::PdfPage* page = nullptr;
  PdfObject* catalog = nullptr;

  Fixture() {
    page = doc.CreatePage(PoDoFo::PdfPage::CreateStandardPageSize(PoDoFo::ePdfPageSize_A4));
    catalog = doc.GetCatalog();
    PdfObject* font = NewDict(doc, "Font");
    Dict(font).AddKey("Subtype", PdfName("Type1"));
    Dict(font).AddKey("BaseFont", PdfName("Helvetica"));
    PdfDictionary fonts;
    fonts.AddKey("F1", font->Reference());
    Resources().AddKey("Font", fonts);
    const std::string content = "BT /F1 24 Tf 72 720 Td (" + std::string(kVisibleText) + ") Tj ET";
    PageDict().AddKey("Contents", RawStream(doc, content)->Reference());
  }
  PdfDictionary& PageDict() { return page->GetObject()->GetDictionary(); }
  PdfDictionary& Resources() { return page->GetResources()->GetDictionary(); }
  PdfDictionary& Catalog() { return catalog->GetDictionary(); }
  // A form XObject drawn by the page as /Fm1.
  PdfObject* AddFormXObject(std::string_view content) {
    PdfObject* form = RawStream(doc, content, "XObject");
    Dict(form).AddKey("Subtype", PdfName("Form"));
    PdfArray bbox;
    for (double v : {0.0, 0.0, 100.0, 100.0}) bbox.push_back(PdfObject(v));
    Dict(form).AddKey("BBox", bbox);
    PdfDictionary xobjects;
    xobjects.AddKey("Fm1", form->Reference());
    Resources().AddKey("XObject", xobjects);
    return form;
  }
  std::string Bytes() { return Serialize(doc); }
};

// --- independent checks with qpdf ---------------------------------------------------------

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "sanitize_test.XXXXXX");
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  std::filesystem::path File(const char* name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

void WriteFile(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

int RunQuietly(const std::string& command) {
  const int status = std::system((command + " >/dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool HaveQpdf() {
  static const bool have = RunQuietly("qpdf --version") == 0;
  return have;
}

// qpdf --check exit code: 0 clean, 2 errors, 3 warnings only.
int QpdfCheck(std::string_view pdf) {
  TempDir dir;
  WriteFile(dir.File("in.pdf"), pdf);
  return RunQuietly("qpdf --check '" + dir.File("in.pdf").string() + "'");
}

// The file as qpdf reads it, every stream decoded, no object streams.
std::string QpdfUncompressed(std::string_view pdf) {
  TempDir dir;
  WriteFile(dir.File("in.pdf"), pdf);
  RunQuietly("qpdf --qdf --object-streams=disable '" + dir.File("in.pdf").string() + "' '" +
             dir.File("out.pdf").string() + "'");
  return ReadFile(dir.File("out.pdf"));
}

// Runs qpdf with `args` between input and output file names; returns the output bytes.
std::string QpdfTransform(std::string_view pdf, const std::string& args) {
  TempDir dir;
  WriteFile(dir.File("in.pdf"), pdf);
  const int rc = RunQuietly("qpdf " + args + " '" + dir.File("in.pdf").string() + "' '" +
                            dir.File("out.pdf").string() + "'");
  return rc == 0 || rc == 3 ? ReadFile(dir.File("out.pdf")) : std::string();
}

std::string QpdfEncrypt(std::string_view pdf, const std::string& encrypt_args) {
  TempDir dir;
  WriteFile(dir.File("in.pdf"), pdf);
  const int rc =
      RunQuietly("qpdf --allow-weak-crypto --encrypt " + encrypt_args + " -- '" +
                 dir.File("in.pdf").string() + "' '" + dir.File("out.pdf").string() + "'");
  return rc == 0 ? ReadFile(dir.File("out.pdf")) : std::string();
}

// --- the pipeline under test --------------------------------------------------------------

struct Sanitized {
  std::string bytes;
  SanitizeReport report;
};

// LoadPdf → Sanitize → WriteFresh, as the library runs it on a file.
Sanitized LoadSanitizeWrite(const std::string& input) {
  Sanitized result;
  auto doc = LoadPdf(input, {});
  EXPECT_TRUE(doc.ok()) << doc.status().message();
  if (!doc.ok()) return result;
  const redact::Status sanitized = Sanitize(doc->get(), &result.report);
  EXPECT_TRUE(sanitized.ok()) << sanitized.message();
  const redact::Status written = WriteFresh(doc->get(), &result.bytes);
  EXPECT_TRUE(written.ok()) << written.message();
  return result;
}

std::string PageContent(PdfMemDocument& doc, int page) {
  const PdfObject* contents = doc.GetPage(page)->GetContents();
  if (contents == nullptr || !contents->HasStream()) return {};
  char* data = nullptr;
  PoDoFo::pdf_long length = 0;
  contents->GetStream()->GetFilteredCopy(&data, &length);
  std::string text(data, static_cast<std::size_t>(length));
  PoDoFo::podofo_free(data);
  return text;
}

// The markers were in the input, are in neither the output bytes nor qpdf's decoded view of
// the output, qpdf finds nothing wrong, and the page still draws its text.
void ExpectClean(const std::string& input, const std::string& output,
                 std::initializer_list<std::string_view> markers) {
  const std::string input_view = HaveQpdf() ? QpdfUncompressed(input) : input;
  for (std::string_view marker : markers) {
    EXPECT_TRUE(Contains(input, marker) || Contains(input_view, marker))
        << "fixture lacks " << marker;
    EXPECT_FALSE(Contains(output, marker)) << marker << " survived in the output bytes";
  }
  if (HaveQpdf()) {
    EXPECT_EQ(QpdfCheck(output), 0);
    const std::string decoded = QpdfUncompressed(output);
    ASSERT_FALSE(decoded.empty());
    for (std::string_view marker : markers) {
      EXPECT_FALSE(Contains(decoded, marker)) << marker << " survived (qpdf --qdf)";
    }
    EXPECT_TRUE(Contains(decoded, kVisibleText));
  }
  auto reloaded = LoadPdf(output, {});
  ASSERT_TRUE(reloaded.ok()) << reloaded.status().message();
  ASSERT_EQ((*reloaded)->GetPageCount(), 1);
  EXPECT_TRUE(Contains(PageContent(**reloaded, 0), kVisibleText));
}

// --- Sanitize: one test per channel -------------------------------------------------------

TEST(Sanitize, RemovesInfoAndXmp) {
  Fixture f;
  f.doc.GetInfo()->SetAuthor(PdfString("INFO-AUTHOR-MARKER"));
  f.doc.GetInfo()->SetTitle(PdfString(reinterpret_cast<const PoDoFo::pdf_utf8*>("山田太郎")));
  f.doc.GetInfo()->SetCustomKey(PdfName("Reviewer"), PdfString("INFO-CUSTOM-MARKER"));
  const char* xmp = "<x:xmpmeta><dc:creator>XMP-%s-MARKER</dc:creator></x:xmpmeta>";
  auto metadata = [&](const char* where) {
    char text[128];
    std::snprintf(text, sizeof text, xmp, where);
    PdfObject* stream = RawStream(f.doc, text, "Metadata");
    Dict(stream).AddKey("Subtype", PdfName("XML"));
    return stream->Reference();
  };
  f.Catalog().AddKey("Metadata", metadata("CATALOG"));
  f.PageDict().AddKey("Metadata", metadata("PAGE"));
  PdfObject* form = f.AddFormXObject("0 0 10 10 re f");
  Dict(form).AddKey("Metadata", metadata("XOBJECT"));
  PdfObject* font = f.doc.GetObjects().GetObject(
      f.Resources().GetKey("Font")->GetDictionary().GetKey("F1")->GetReference());
  Dict(font).AddKey("Metadata", metadata("FONT"));
  const std::string input = f.Bytes();

  const Sanitized out = LoadSanitizeWrite(input);
  // Author, Title, Reviewer, Producer, CreationDate, and the ModDate PoDoFo adds on load.
  EXPECT_EQ(out.report.info_entries, 6);
  EXPECT_EQ(out.report.xmp_streams, 4);
  ExpectClean(input, out.bytes,
              {"INFO-AUTHOR-MARKER", "INFO-CUSTOM-MARKER", "XMP-CATALOG-MARKER", "XMP-PAGE-MARKER",
               "XMP-XOBJECT-MARKER", "XMP-FONT-MARKER", "/Producer", "/Author"});
  // The title as UTF-16BE, however a writer spells the string: literal bytes (田太郎, past
  // the 0x5C of 山 that a literal string escapes) or hex digits.
  const std::string input_decoded = HaveQpdf() ? QpdfUncompressed(input) : std::string();
  const std::string output_decoded = HaveQpdf() ? QpdfUncompressed(out.bytes) : std::string();
  const std::vector<std::string> title_forms = {std::string("\x75\x30\x59\x2a\x90\xce", 6),
                                                "7530592a90ce", "7530592A90CE"};
  bool fixture_has_title = false;
  for (const std::string& form : title_forms) {
    fixture_has_title |= Contains(input, form) || Contains(input_decoded, form);
    EXPECT_FALSE(Contains(out.bytes, form));
    EXPECT_FALSE(Contains(output_decoded, form));
  }
  EXPECT_TRUE(fixture_has_title);
}

TEST(Sanitize, RemovesAnnotationsWithPopupsAndAppearances) {
  Fixture f;
  PdfObject* text = NewDict(f.doc, "Annot");
  Dict(text).AddKey("Subtype", PdfName("Text"));
  Dict(text).AddKey("Contents", PdfString("ANNOT-NOTE-MARKER"));
  Dict(text).AddKey("T", PdfString("ANNOT-AUTHOR-MARKER"));
  PdfObject* popup = NewDict(f.doc, "Annot");
  Dict(popup).AddKey("Subtype", PdfName("Popup"));
  Dict(popup).AddKey("Parent", text->Reference());
  Dict(popup).AddKey("Contents", PdfString("ANNOT-POPUP-MARKER"));
  Dict(text).AddKey("Popup", popup->Reference());

  PdfObject* freetext = NewDict(f.doc, "Annot");
  Dict(freetext).AddKey("Subtype", PdfName("FreeText"));
  PdfObject* appearance =
      RawStream(f.doc, "BT /F1 9 Tf (ANNOT-APPEARANCE-MARKER) Tj ET", "XObject");
  Dict(appearance).AddKey("Subtype", PdfName("Form"));
  PdfDictionary ap;
  ap.AddKey("N", appearance->Reference());
  Dict(freetext).AddKey("AP", ap);

  PdfObject* link = NewDict(f.doc, "Annot");
  Dict(link).AddKey("Subtype", PdfName("Link"));
  PdfDictionary uri;
  uri.AddKey("S", PdfName("URI"));
  uri.AddKey("URI", PdfString("https://example.invalid/ANNOT-LINK-MARKER"));
  Dict(link).AddKey("A", uri);

  PdfObject* attachment = NewDict(f.doc, "Annot");
  Dict(attachment).AddKey("Subtype", PdfName("FileAttachment"));
  PdfObject* file = RawStream(f.doc, "ANNOT-ATTACHED-FILE-MARKER", "EmbeddedFile");
  PdfDictionary filespec;
  filespec.AddKey("Type", PdfName("Filespec"));
  filespec.AddKey("F", PdfString("ANNOT-FILENAME-MARKER.txt"));
  PdfDictionary ef;
  ef.AddKey("F", file->Reference());
  filespec.AddKey("EF", ef);
  Dict(attachment).AddKey("FS", filespec);

  PdfArray annots = RefArray({text, popup, freetext, link, attachment});
  PdfDictionary inline_annot;  // annotations may also be direct dictionaries
  inline_annot.AddKey("Subtype", PdfName("Square"));
  inline_annot.AddKey("Contents", PdfString("ANNOT-DIRECT-MARKER"));
  annots.push_back(inline_annot);
  f.PageDict().AddKey("Annots", annots);
  const std::string input = f.Bytes();

  const Sanitized out = LoadSanitizeWrite(input);
  EXPECT_EQ(out.report.annotations, 6);
  ExpectClean(input, out.bytes,
              {"ANNOT-NOTE-MARKER", "ANNOT-AUTHOR-MARKER", "ANNOT-POPUP-MARKER",
               "ANNOT-APPEARANCE-MARKER", "ANNOT-LINK-MARKER", "ANNOT-ATTACHED-FILE-MARKER",
               "ANNOT-FILENAME-MARKER", "ANNOT-DIRECT-MARKER", "/Annots", "/Annot"});
}

TEST(Sanitize, RemovesAcroFormFieldsValuesAndAppearances) {
  Fixture f;
  PdfObject* name_field = NewDict(f.doc);
  Dict(name_field).AddKey("FT", PdfName("Tx"));
  Dict(name_field).AddKey("T", PdfString("applicant"));
  Dict(name_field).AddKey("V", PdfString("FORM-VALUE-MARKER"));
  PdfObject* widget = NewDict(f.doc, "Annot");
  Dict(widget).AddKey("Subtype", PdfName("Widget"));
  Dict(widget).AddKey("Parent", name_field->Reference());
  PdfObject* appearance = RawStream(f.doc, "BT /F1 9 Tf (FORM-APPEARANCE-MARKER) Tj ET", "XObject");
  Dict(appearance).AddKey("Subtype", PdfName("Form"));
  PdfDictionary ap;
  ap.AddKey("N", appearance->Reference());
  Dict(widget).AddKey("AP", ap);
  Dict(name_field).AddKey("Kids", RefArray({widget}));

  // A merged field-and-widget with a calculation script.
  PdfObject* merged = NewDict(f.doc, "Annot");
  Dict(merged).AddKey("Subtype", PdfName("Widget"));
  Dict(merged).AddKey("FT", PdfName("Tx"));
  Dict(merged).AddKey("V", PdfString("FORM-MERGED-MARKER"));
  PdfDictionary calculate;
  calculate.AddKey("S", PdfName("JavaScript"));
  calculate.AddKey("JS", PdfString("FORM-SCRIPT-MARKER"));
  PdfDictionary aa;
  aa.AddKey("C", calculate);
  Dict(merged).AddKey("AA", aa);

  PdfObject* acroform = NewDict(f.doc);
  Dict(acroform).AddKey("Fields", RefArray({name_field, merged}));
  Dict(acroform).AddKey("XFA", RawStream(f.doc, "<xfa>FORM-XFA-MARKER</xfa>")->Reference());
  f.Catalog().AddKey("AcroForm", acroform->Reference());
  f.Catalog().AddKey("NeedsRendering", PdfObject(true));
  f.PageDict().AddKey("Annots", RefArray({widget, merged}));
  const std::string input = f.Bytes();

  const Sanitized out = LoadSanitizeWrite(input);
  EXPECT_EQ(out.report.form_fields, 3);  // field, its widget kid, the merged field
  EXPECT_EQ(out.report.annotations, 2);
  ExpectClean(
      input, out.bytes,
      {"FORM-VALUE-MARKER", "FORM-APPEARANCE-MARKER", "FORM-MERGED-MARKER", "FORM-SCRIPT-MARKER",
       "FORM-XFA-MARKER", "/AcroForm", "/Widget", "/NeedsRendering", "applicant"});
}

TEST(Sanitize, RemovesOutlinesNamesAndDests) {
  Fixture f;
  PdfObject* outlines = NewDict(f.doc, "Outlines");
  PdfObject* first = NewDict(f.doc);
  PdfObject* second = NewDict(f.doc);
  PdfObject* child = NewDict(f.doc);
  Dict(first).AddKey("Title", PdfString("OUTLINE-FIRST-MARKER"));
  Dict(second).AddKey("Title", PdfString("OUTLINE-SECOND-MARKER"));
  Dict(child).AddKey("Title", PdfString("OUTLINE-CHILD-MARKER"));
  Dict(first).AddKey("Next", second->Reference());
  Dict(first).AddKey("First", child->Reference());
  Dict(first).AddKey("Last", child->Reference());
  Dict(second).AddKey("Prev", first->Reference());
  for (PdfObject* item : {first, second}) Dict(item).AddKey("Parent", outlines->Reference());
  Dict(child).AddKey("Parent", first->Reference());
  Dict(outlines).AddKey("First", first->Reference());
  Dict(outlines).AddKey("Last", second->Reference());
  f.Catalog().AddKey("Outlines", outlines->Reference());

  auto name_tree = [&](const char* key, const PdfObject& value) {
    PdfArray names;
    names.push_back(PdfString(key));
    names.push_back(value);
    PdfObject* tree = NewDict(f.doc);
    Dict(tree).AddKey("Names", names);
    return tree->Reference();
  };
  PdfObject* file = RawStream(f.doc, "NAMES-EMBEDDED-FILE-MARKER", "EmbeddedFile");
  PdfDictionary filespec;
  filespec.AddKey("Type", PdfName("Filespec"));
  PdfDictionary ef;
  ef.AddKey("F", file->Reference());
  filespec.AddKey("EF", ef);
  PdfDictionary script;
  script.AddKey("S", PdfName("JavaScript"));
  script.AddKey("JS", PdfString("NAMES-JAVASCRIPT-MARKER"));
  PdfArray dest;
  dest.push_back(f.page->GetObject()->Reference());
  dest.push_back(PdfName("Fit"));
  PdfDictionary names;
  names.AddKey("EmbeddedFiles", name_tree("NAMES-FILE-KEY-MARKER", filespec));
  names.AddKey("JavaScript", name_tree("NAMES-SCRIPT-KEY-MARKER", script));
  names.AddKey("Dests", name_tree("NAMES-DEST-KEY-MARKER", dest));
  f.Catalog().AddKey("Names", names);
  PdfDictionary dests;
  dests.AddKey("DESTS-KEY-MARKER", dest);
  f.Catalog().AddKey("Dests", dests);
  const std::string input = f.Bytes();

  const Sanitized out = LoadSanitizeWrite(input);
  EXPECT_EQ(out.report.outlines, 3);
  EXPECT_EQ(out.report.names_trees, 4);  // three /Names entries and the catalog /Dests
  ExpectClean(input, out.bytes,
              {"OUTLINE-FIRST-MARKER", "OUTLINE-SECOND-MARKER", "OUTLINE-CHILD-MARKER",
               "NAMES-EMBEDDED-FILE-MARKER", "NAMES-JAVASCRIPT-MARKER", "NAMES-FILE-KEY-MARKER",
               "NAMES-SCRIPT-KEY-MARKER", "NAMES-DEST-KEY-MARKER", "DESTS-KEY-MARKER", "/Outlines",
               "/EmbeddedFile"});
}

TEST(Sanitize, RemovesActionsEverywhere) {
  Fixture f;
  auto script = [](const char* marker) {
    PdfDictionary action;
    action.AddKey("S", PdfName("JavaScript"));
    action.AddKey("JS", PdfString(marker));
    return action;
  };
  f.Catalog().AddKey("OpenAction", script("OPEN-ACTION-MARKER"));
  PdfDictionary catalog_aa;
  catalog_aa.AddKey("WC", script("CATALOG-AA-MARKER"));
  f.Catalog().AddKey("AA", catalog_aa);
  PdfDictionary page_aa;
  page_aa.AddKey("O", script("PAGE-AA-MARKER"));
  f.PageDict().AddKey("AA", page_aa);
  PdfObject* form = f.AddFormXObject("0 0 10 10 re f");
  PdfObject* indirect_aa = NewDict(f.doc);
  Dict(indirect_aa).AddKey("PO", script("XOBJECT-AA-MARKER"));
  Dict(form).AddKey("AA", indirect_aa->Reference());
  const std::string input = f.Bytes();

  const Sanitized out = LoadSanitizeWrite(input);
  EXPECT_EQ(out.report.actions, 4);
  ExpectClean(input, out.bytes,
              {"OPEN-ACTION-MARKER", "CATALOG-AA-MARKER", "PAGE-AA-MARKER", "XOBJECT-AA-MARKER",
               "/JavaScript", "/OpenAction", "/AA"});
}

TEST(Sanitize, RemovesStructureTreeAltTextAndPropertyLists) {
  Fixture f;
  PdfObject* element = NewDict(f.doc, "StructElem");
  Dict(element).AddKey("S", PdfName("P"));
  Dict(element).AddKey("Alt", PdfString("STRUCT-ALT-MARKER"));
  Dict(element).AddKey("ActualText", PdfString("STRUCT-ACTUALTEXT-MARKER"));
  Dict(element).AddKey("Pg", f.page->GetObject()->Reference());
  PdfObject* root = NewDict(f.doc, "StructTreeRoot");
  Dict(root).AddKey("K", element->Reference());
  PdfArray nums;
  nums.push_back(PdfObject(static_cast<PoDoFo::pdf_int64>(0)));
  nums.push_back(RefArray({element}));
  PdfObject* parent_tree = NewDict(f.doc);
  Dict(parent_tree).AddKey("Nums", nums);
  Dict(root).AddKey("ParentTree", parent_tree->Reference());
  Dict(element).AddKey("P", root->Reference());
  f.Catalog().AddKey("StructTreeRoot", root->Reference());
  PdfDictionary mark_info;
  mark_info.AddKey("Marked", PdfObject(true));
  f.Catalog().AddKey("MarkInfo", mark_info);
  f.PageDict().AddKey("StructParents", PdfObject(static_cast<PoDoFo::pdf_int64>(0)));
  PdfObject* form = f.AddFormXObject("0 0 10 10 re f");
  Dict(form).AddKey("StructParent", PdfObject(static_cast<PoDoFo::pdf_int64>(1)));
  // A named marked-content property list (used as /Span /MC0 BDC in a content stream).
  PdfObject* property_list = NewDict(f.doc);
  Dict(property_list).AddKey("ActualText", PdfString("PROPERTY-LIST-MARKER"));
  Dict(property_list).AddKey("MCID", PdfObject(static_cast<PoDoFo::pdf_int64>(0)));
  PdfDictionary properties;
  properties.AddKey("MC0", property_list->Reference());
  f.Resources().AddKey("Properties", properties);
  const std::string input = f.Bytes();

  const Sanitized out = LoadSanitizeWrite(input);
  EXPECT_EQ(out.report.structure_trees, 5);  // root, MarkInfo, 2 StructParent(s), ActualText
  ExpectClean(input, out.bytes,
              {"STRUCT-ALT-MARKER", "STRUCT-ACTUALTEXT-MARKER", "PROPERTY-LIST-MARKER",
               "/StructTreeRoot", "/StructElem", "/MarkInfo", "/StructParent", "/ParentTree"});
}

TEST(Sanitize, RemovesOptionalContentSoHiddenLayersBecomeVisible) {
  Fixture f;
  PdfObject* layer = NewDict(f.doc, "OCG");
  Dict(layer).AddKey("Name", PdfString("LAYER-NAME-MARKER"));
  PdfDictionary user;
  user.AddKey("Type", PdfName("Ind"));
  user.AddKey("Name", PdfString("LAYER-USER-MARKER"));
  PdfDictionary usage;
  usage.AddKey("User", user);
  Dict(layer).AddKey("Usage", usage);
  PdfDictionary config;
  config.AddKey("OFF", RefArray({layer}));  // hidden by default
  config.AddKey("Name", PdfString("LAYER-CONFIG-MARKER"));
  PdfDictionary oc_properties;
  oc_properties.AddKey("OCGs", RefArray({layer}));
  oc_properties.AddKey("D", config);
  f.Catalog().AddKey("OCProperties", oc_properties);
  PdfObject* form = f.AddFormXObject("BT /F1 9 Tf (hidden layer) Tj ET");
  Dict(form).AddKey("OC", layer->Reference());
  PdfDictionary properties;  // keeps the group reachable from the page
  properties.AddKey("oc1", layer->Reference());
  f.Resources().AddKey("Properties", properties);
  const std::string input = f.Bytes();

  const Sanitized out = LoadSanitizeWrite(input);
  EXPECT_EQ(out.report.optional_content, 3);  // /OCProperties, the XObject's /OC, the OCG
  ExpectClean(
      input, out.bytes,
      {"LAYER-NAME-MARKER", "LAYER-USER-MARKER", "LAYER-CONFIG-MARKER", "/OCProperties", "/OC "});
  EXPECT_FALSE(Contains(out.bytes, "/OC/")) << "an /OC key survived";
  EXPECT_FALSE(Contains(out.bytes, "/OC "));
  auto reloaded = LoadPdf(out.bytes, {});
  ASSERT_TRUE(reloaded.ok());
  const PdfObject* xobjects = (*reloaded)->GetPage(0)->GetResources()->GetIndirectKey("XObject");
  ASSERT_NE(xobjects, nullptr);
  const PdfObject* drawn = xobjects->GetIndirectKey("Fm1");
  ASSERT_NE(drawn, nullptr);
  EXPECT_FALSE(drawn->GetDictionary().HasKey("OC"));
}

TEST(Sanitize, RemovesThumbnailsPieceInfoAndArticleThreads) {
  Fixture f;
  PdfObject* thumb = RawStream(f.doc, "THUMBNAIL-PIXELS-MARKER", "XObject");
  Dict(thumb).AddKey("Subtype", PdfName("Image"));
  f.PageDict().AddKey("Thumb", thumb->Reference());
  auto piece_info = [&](const char* marker) {
    PdfDictionary app;
    app.AddKey("Private", PdfString(marker));
    app.AddKey("LastModified", PdfString("D:20240101000000Z"));
    PdfDictionary info;
    info.AddKey("Illustrator", app);
    return info;
  };
  f.Catalog().AddKey("PieceInfo", piece_info("PIECEINFO-CATALOG-MARKER"));
  f.PageDict().AddKey("PieceInfo", piece_info("PIECEINFO-PAGE-MARKER"));
  PdfObject* form = f.AddFormXObject("0 0 10 10 re f");
  Dict(form).AddKey("PieceInfo", piece_info("PIECEINFO-XOBJECT-MARKER"));

  PdfObject* thread = NewDict(f.doc, "Thread");
  PdfObject* bead = NewDict(f.doc, "Bead");
  PdfDictionary thread_info;
  thread_info.AddKey("Title", PdfString("THREAD-TITLE-MARKER"));
  Dict(thread).AddKey("I", thread_info);
  Dict(thread).AddKey("F", bead->Reference());
  Dict(bead).AddKey("T", thread->Reference());
  Dict(bead).AddKey("N", bead->Reference());
  Dict(bead).AddKey("V", bead->Reference());
  Dict(bead).AddKey("P", f.page->GetObject()->Reference());
  f.Catalog().AddKey("Threads", RefArray({thread}));
  f.PageDict().AddKey("B", RefArray({bead}));
  const std::string input = f.Bytes();

  const Sanitized out = LoadSanitizeWrite(input);
  EXPECT_EQ(out.report.thumbnails, 1);
  EXPECT_EQ(out.report.piece_info, 3);
  EXPECT_EQ(out.report.other, 2);  // /Threads and the page's /B
  ExpectClean(input, out.bytes,
              {"THUMBNAIL-PIXELS-MARKER", "PIECEINFO-CATALOG-MARKER", "PIECEINFO-PAGE-MARKER",
               "PIECEINFO-XOBJECT-MARKER", "THREAD-TITLE-MARKER", "/Thumb", "/Bead", "/PieceInfo"});
}

TEST(Sanitize, RemovesCatalogExtrasAndKeepsLanguage) {
  Fixture f;
  auto marked = [](const char* marker) {
    PdfDictionary dict;
    dict.AddKey("Note", PdfString(marker));
    return dict;
  };
  f.Catalog().AddKey("Collection", marked("COLLECTION-MARKER"));
  f.Catalog().AddKey("Perms", marked("PERMS-MARKER"));
  f.Catalog().AddKey("Legal", marked("LEGAL-MARKER"));
  f.Catalog().AddKey("SpiderInfo", marked("SPIDERINFO-MARKER"));
  f.Catalog().AddKey("DSS", marked("DSS-MARKER"));
  PdfDictionary uri;
  uri.AddKey("Base", PdfString("https://example.invalid/URI-BASE-MARKER/"));
  f.Catalog().AddKey("URI", uri);
  PdfDictionary label;
  label.AddKey("P", PdfString("PAGELABEL-MARKER-"));
  PdfArray nums;
  nums.push_back(PdfObject(static_cast<PoDoFo::pdf_int64>(0)));
  nums.push_back(label);
  PdfDictionary labels;
  labels.AddKey("Nums", nums);
  f.Catalog().AddKey("PageLabels", labels);
  PdfObject* file = RawStream(f.doc, "ASSOCIATED-FILE-MARKER", "EmbeddedFile");
  PdfDictionary ef;
  ef.AddKey("F", file->Reference());
  PdfObject* filespec = NewDict(f.doc, "Filespec");
  Dict(filespec).AddKey("EF", ef);
  f.Catalog().AddKey("AF", RefArray({filespec}));
  f.PageDict().AddKey("AF", RefArray({filespec}));
  f.Catalog().AddKey("Lang", PdfString("ja-JP"));
  const std::string input = f.Bytes();

  const Sanitized out = LoadSanitizeWrite(input);
  EXPECT_EQ(out.report.other, 9);  // 7 catalog keys and two /AF
  ExpectClean(input, out.bytes,
              {"COLLECTION-MARKER", "PERMS-MARKER", "LEGAL-MARKER", "SPIDERINFO-MARKER",
               "DSS-MARKER", "URI-BASE-MARKER", "PAGELABEL-MARKER", "ASSOCIATED-FILE-MARKER"});
  EXPECT_TRUE(Contains(out.bytes, "/Lang(ja-JP)"));
}

TEST(Sanitize, KeepsOnlyKnownKeysOnCatalogPageTreeAndPages) {
  Fixture f;
  f.Catalog().AddKey("SourceFile", PdfString("CATALOG-PRIVATE-MARKER.docx"));
  f.Catalog().AddKey("ViewerPreferences", PdfDictionary());
  PdfObject* private_data = RawStream(f.doc, "PAGE-PRIVATE-STREAM-MARKER");
  f.PageDict().AddKey("PrivateData", private_data->Reference());
  f.PageDict().AddKey("LastModified", PdfString("D:20240401090000+09'00'"));
  PdfDictionary viewport;
  viewport.AddKey("Name", PdfString("PAGE-VIEWPORT-MARKER"));
  PdfArray viewports;
  viewports.push_back(viewport);
  f.PageDict().AddKey("VP", viewports);
  PdfObject* root = f.doc.GetObjects().GetObject(f.PageDict().GetKey("Parent")->GetReference());
  Dict(root).AddKey("CaseNumber", PdfString("PAGE-TREE-MARKER"));
  const std::string input = f.Bytes();

  const Sanitized out = LoadSanitizeWrite(input);
  EXPECT_EQ(out.report.other, 5);  // one catalog, three page and one page-tree key
  ExpectClean(input, out.bytes,
              {"CATALOG-PRIVATE-MARKER", "PAGE-PRIVATE-STREAM-MARKER", "PAGE-VIEWPORT-MARKER",
               "PAGE-TREE-MARKER", "/LastModified"});
  EXPECT_TRUE(Contains(out.bytes, "/ViewerPreferences"));
}

TEST(Sanitize, KeepsPageGeometryResourcesAndContent) {
  Fixture f;
  f.PageDict().AddKey("Rotate", PdfObject(static_cast<PoDoFo::pdf_int64>(90)));
  PdfArray crop;
  for (double v : {10.0, 10.0, 500.0, 800.0}) crop.push_back(PdfObject(v));
  f.PageDict().AddKey("CropBox", crop);
  f.AddFormXObject("0 0 10 10 re f");
  const std::string input = f.Bytes();
  const Sanitized out = LoadSanitizeWrite(input);
  ExpectClean(input, out.bytes, {"/Producer"});
  auto doc = LoadPdf(out.bytes, {});
  ASSERT_TRUE(doc.ok());
  PoDoFo::PdfPage* page = (*doc)->GetPage(0);
  EXPECT_EQ(page->GetRotation(), 90);
  EXPECT_DOUBLE_EQ(page->GetCropBox().GetWidth(), 490.0);
  EXPECT_DOUBLE_EQ(page->GetMediaBox().GetHeight(), 842.0);
  const PdfObject* resources = page->GetResources();
  ASSERT_NE(resources, nullptr);
  EXPECT_NE(resources->GetIndirectKey("Font"), nullptr);
  EXPECT_NE(resources->GetIndirectKey("XObject"), nullptr);
  if (RunQuietly("pdftotext -v") == 0) {
    TempDir dir;
    WriteFile(dir.File("out.pdf"), out.bytes);
    RunQuietly("pdftotext '" + dir.File("out.pdf").string() + "' '" + dir.File("out.txt").string() +
               "'");
    EXPECT_TRUE(Contains(ReadFile(dir.File("out.txt")), kVisibleText));
  }
}

TEST(Sanitize, SurvivesLoopsInOutlinesAndFields) {
  Fixture f;
  PdfObject* outlines = NewDict(f.doc, "Outlines");
  PdfObject* item = NewDict(f.doc);
  Dict(item).AddKey("Next", item->Reference());  // a loop
  Dict(item).AddKey("First", item->Reference());
  Dict(outlines).AddKey("First", item->Reference());
  f.Catalog().AddKey("Outlines", outlines->Reference());
  PdfObject* field = NewDict(f.doc);
  Dict(field).AddKey("Kids", RefArray({field}));
  PdfObject* acroform = NewDict(f.doc);
  Dict(acroform).AddKey("Fields", RefArray({field}));
  f.Catalog().AddKey("AcroForm", acroform->Reference());
  const std::string input = f.Bytes();
  const Sanitized out = LoadSanitizeWrite(input);
  EXPECT_EQ(out.report.outlines, 1);
  EXPECT_EQ(out.report.form_fields, 1);
  ExpectClean(input, out.bytes, {"/Outlines", "/AcroForm"});
}

TEST(Sanitize, RejectsNullArguments) {
  SanitizeReport report;
  EXPECT_FALSE(Sanitize(nullptr, &report).ok());
  PdfMemDocument doc;
  EXPECT_FALSE(Sanitize(&doc, nullptr).ok());
}

// --- WriteFresh ---------------------------------------------------------------------------

TEST(WriteFresh, DropsUnreferencedObjects) {
  Fixture f;
  f.doc.GetObjects().CreateObject(PoDoFo::PdfVariant(PdfString("ORPHAN-STRING-MARKER")));
  RawStream(f.doc, "ORPHAN-STREAM-MARKER");
  PdfObject* a = NewDict(f.doc);  // an unreachable cycle
  PdfObject* b = NewDict(f.doc);
  Dict(a).AddKey("Next", b->Reference());
  Dict(b).AddKey("Next", a->Reference());
  Dict(b).AddKey("Note", PdfString("ORPHAN-CYCLE-MARKER"));
  const std::string input = f.Bytes();  // plain Write() keeps them all
  ASSERT_TRUE(Contains(input, "ORPHAN-STRING-MARKER"));

  auto doc = LoadPdf(input, {});
  ASSERT_TRUE(doc.ok());
  // Info (not followed from the trailer), the string, the stream and the cycle.
  EXPECT_EQ(RemoveUnreachableObjects(doc->get()), 5);
  EXPECT_EQ(RemoveUnreachableObjects(doc->get()), 0);
  std::string output;
  ASSERT_TRUE(WriteFresh(doc->get(), &output).ok());
  ExpectClean(input, output,
              {"ORPHAN-STRING-MARKER", "ORPHAN-STREAM-MARKER", "ORPHAN-CYCLE-MARKER", "/Producer"});
}

TEST(WriteFresh, WritesTrailerWithOnlyRootSizeAndNewId) {
  Fixture f;
  const std::string input = f.Bytes();
  auto doc = LoadPdf(input, {});
  ASSERT_TRUE(doc.ok());
  std::string output;
  ASSERT_TRUE(WriteFresh(doc->get(), &output).ok());
  const std::size_t at = output.rfind("trailer");
  ASSERT_NE(at, std::string::npos);
  const std::string trailer = output.substr(at);
  EXPECT_TRUE(Contains(trailer, "/Root"));
  EXPECT_TRUE(Contains(trailer, "/Size"));
  EXPECT_TRUE(Contains(trailer, "/ID"));
  for (const char* key : {"/Info", "/Prev", "/Encrypt", "/XRefStm"}) {
    EXPECT_FALSE(Contains(trailer, key)) << key;
  }
  EXPECT_EQ(output.find("trailer"), at) << "more than one revision";
  EXPECT_FALSE(Contains(output, "/Info"));
  // The input's file identifier does not link the output to it.
  const std::size_t id = input.find("/ID[<");
  ASSERT_NE(id, std::string::npos);
  EXPECT_FALSE(Contains(output, input.substr(id + 5, 32)));
  if (HaveQpdf()) {
    EXPECT_EQ(QpdfCheck(output), 0);
  }
}

TEST(WriteFresh, DropsEarlierRevisionsOfIncrementalUpdate) {
  Fixture f;
  f.PageDict().AddKey(
      "Contents",
      RawStream(f.doc, "BT /F1 24 Tf 72 720 Td (OLD-REVISION-MARKER) Tj ET")->Reference());
  f.doc.GetInfo()->SetAuthor(PdfString("OLD-AUTHOR-MARKER"));
  const std::string first = f.Bytes();

  // Second revision: new page text, Author changed, appended with PoDoFo's WriteUpdate.
  PdfMemDocument update;
  update.LoadFromBuffer(first.data(), static_cast<long>(first.size()), true);
  PdfObject* contents = update.GetPage(0)->GetContents();
  const std::string text = "BT /F1 24 Tf 72 720 Td (" + std::string(kVisibleText) + ") Tj ET";
  PoDoFo::TVecFilters none;
  contents->GetStream()->Set(text.data(), static_cast<PoDoFo::pdf_long>(text.size()), none);
  update.GetInfo()->SetAuthor(PdfString("NEW-AUTHOR-MARKER"));
  PoDoFo::PdfRefCountedBuffer buffer;
  PoDoFo::PdfOutputDevice device(&buffer);
  update.WriteUpdate(&device);
  const std::string updated(buffer.GetBuffer(), device.GetLength());
  ASSERT_TRUE(Contains(updated, "OLD-REVISION-MARKER"));
  ASSERT_TRUE(Contains(updated, "OLD-AUTHOR-MARKER"));
  ASSERT_TRUE(Contains(updated, "/Prev"));
  if (HaveQpdf()) {
    ASSERT_EQ(QpdfCheck(updated), 0);
  }

  // Without Sanitize: the old revision is gone, the live objects stay.
  auto doc = LoadPdf(updated, {});
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  std::string fresh;
  ASSERT_TRUE(WriteFresh(doc->get(), &fresh).ok());
  ExpectClean(updated, fresh, {"OLD-REVISION-MARKER", "OLD-AUTHOR-MARKER", "/Prev"});

  const Sanitized out = LoadSanitizeWrite(updated);
  ExpectClean(updated, out.bytes,
              {"OLD-REVISION-MARKER", "OLD-AUTHOR-MARKER", "NEW-AUTHOR-MARKER"});
}

TEST(WriteFresh, RewritesObjectStreamInputAsPlainObjects) {
  if (!HaveQpdf()) GTEST_SKIP() << "qpdf not installed";
  Fixture f;
  f.doc.GetInfo()->SetAuthor(PdfString("OBJSTM-AUTHOR-MARKER"));
  PdfObject* annot = NewDict(f.doc, "Annot");
  Dict(annot).AddKey("Subtype", PdfName("Text"));
  Dict(annot).AddKey("Contents", PdfString("OBJSTM-ANNOT-MARKER"));
  f.PageDict().AddKey("Annots", RefArray({annot}));
  const std::string input =
      QpdfTransform(f.Bytes(), "--object-streams=generate --compress-streams=y");
  ASSERT_FALSE(input.empty());
  ASSERT_TRUE(Contains(input, "/ObjStm"));
  ASSERT_FALSE(Contains(input, "OBJSTM-ANNOT-MARKER")) << "expected compressed objects";

  const Sanitized out = LoadSanitizeWrite(input);
  EXPECT_EQ(out.report.annotations, 1);
  ExpectClean(input, out.bytes,
              {"OBJSTM-AUTHOR-MARKER", "OBJSTM-ANNOT-MARKER", "/ObjStm", "/XRef"});
}

TEST(WriteFresh, RefusesEncryptedDocument) {
  Fixture f;
  f.doc.SetEncrypted("", "owner");  // AES-128 by default; only the flag matters here
  std::string output;
  const redact::Status status = WriteFresh(&f.doc, &output);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.message(), "write: encrypted PDF");
  EXPECT_TRUE(output.empty());
}

TEST(WriteFresh, OutputSurvivesAnotherRoundTripUnchangedInContent) {
  Fixture f;
  const Sanitized once = LoadSanitizeWrite(f.Bytes());
  const Sanitized twice = LoadSanitizeWrite(once.bytes);
  const SanitizeReport none;
  EXPECT_EQ(twice.report.info_entries, none.info_entries);
  EXPECT_EQ(twice.report.xmp_streams, 0);
  ExpectClean(once.bytes, twice.bytes, {});
}

// --- LoadPdf ------------------------------------------------------------------------------

TEST(LoadPdf, LoadsAPlainFileAndOwnsItsBytes) {
  Fixture f;
  std::string bytes = f.Bytes();
  auto doc = LoadPdf(bytes, {});
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  // Objects are parsed on demand; they must come from PoDoFo's copy, not from `bytes`.
  std::fill(bytes.begin(), bytes.end(), '\0');
  bytes.clear();
  bytes.shrink_to_fit();
  SanitizeReport report;
  ASSERT_TRUE(Sanitize(doc->get(), &report).ok());
  std::string output;
  ASSERT_TRUE(WriteFresh(doc->get(), &output).ok());
  EXPECT_TRUE(Contains(output, kVisibleText));
}

TEST(LoadPdf, RefusesEncryptionWithUserPassword) {
  if (!HaveQpdf()) GTEST_SKIP() << "qpdf not installed";
  Fixture f;
  const std::string encrypted = QpdfEncrypt(f.Bytes(), "user owner 256");
  ASSERT_FALSE(encrypted.empty());
  auto doc = LoadPdf(encrypted, {});
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message(), "encrypted PDF");
}

TEST(LoadPdf, RefusesEncryptionWithEmptyUserPassword) {
  if (!HaveQpdf()) GTEST_SKIP() << "qpdf not installed";
  Fixture f;
  // AES-256 opens in PoDoFo 0.9.8 with the empty password; RC4 and AES-128 do not open at
  // all on OpenSSL 3. All are refused the same way.
  for (const char* args : {"'' owner 256", "'' owner 128 --use-aes=y", "'' owner 128",
                           "'' owner 40", "user owner 128"}) {
    const std::string encrypted = QpdfEncrypt(f.Bytes(), args);
    ASSERT_FALSE(encrypted.empty()) << args;
    auto doc = LoadPdf(encrypted, {});
    ASSERT_FALSE(doc.ok()) << args;
    EXPECT_EQ(doc.status().message(), "encrypted PDF") << args;
  }
}

TEST(LoadPdf, RejectsGarbageAsNotAPdf) {
  for (std::string_view bytes :
       {std::string_view(), std::string_view("hello, this is not a PDF at all"),
        std::string_view("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)}) {
    auto doc = LoadPdf(bytes, {});
    ASSERT_FALSE(doc.ok());
    EXPECT_EQ(doc.status().message(), "not a PDF");
  }
}

TEST(LoadPdf, ReportsTruncatedFileAsDamagedWithoutCrashing) {
  Fixture f;
  f.doc.GetInfo()->SetAuthor(PdfString("TRUNCATION-MARKER"));
  const std::string bytes = f.Bytes();
  const std::size_t eof = bytes.rfind("%%EOF");
  ASSERT_NE(eof, std::string::npos);
  for (std::size_t length = 0; length < eof; length += 7) {
    auto doc = LoadPdf(std::string_view(bytes).substr(0, length), {});
    if (length < 5) continue;  // not even a header
    ASSERT_FALSE(doc.ok()) << "prefix of " << length << " bytes loaded";
    const std::string& message = doc.status().message();
    EXPECT_TRUE(message.rfind("damaged PDF: ", 0) == 0 || message == "not a PDF") << message;
    EXPECT_FALSE(Contains(message, "TRUNCATION-MARKER"));
  }
  auto doc = LoadPdf(std::string_view(bytes).substr(0, bytes.size() / 2), {});
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message(), "damaged PDF: ePdfError_NoEOFToken");
}

TEST(LoadPdf, EnforcesSizePageAndObjectLimits) {
  Fixture f;
  f.doc.CreatePage(PoDoFo::PdfPage::CreateStandardPageSize(PoDoFo::ePdfPageSize_A4));
  const std::string bytes = f.Bytes();
  LoadLimits small_bytes;
  small_bytes.max_bytes = 100;
  auto doc = LoadPdf(bytes, small_bytes);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message(), "PDF too large: over 100 bytes");
  LoadLimits one_page;
  one_page.max_pages = 1;
  doc = LoadPdf(bytes, one_page);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message(), "too many pages: more than 1");
  LoadLimits few_objects;
  few_objects.max_objects = 3;
  doc = LoadPdf(bytes, few_objects);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message(), "too many objects: more than 3");
  EXPECT_TRUE(LoadPdf(bytes, {}).ok());
}

// A hand-written file whose page tree is given as text, objects 1 (catalog) and 2 (root).
std::string PdfWithPageTree(const std::vector<std::string>& objects) {
  std::string pdf = "%PDF-1.4\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (std::size_t offset : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

TEST(LoadPdf, AcceptsAHandWrittenPageTree) {
  const std::string pdf = PdfWithPageTree(
      {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
       "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>",
       "<< /Type /Pages /Parent 2 0 R /Kids [5 0 R] /Count 1 >>",
       "<< /Type /Page /Parent 4 0 R /MediaBox [0 0 100 100] /Private (TREE-LEAF-MARKER) >>"});
  auto doc = LoadPdf(pdf, {});
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ((*doc)->GetPageCount(), 2);
  SanitizeReport report;
  ASSERT_TRUE(Sanitize(doc->get(), &report).ok());
  EXPECT_EQ(report.other, 1);
  std::string output;
  ASSERT_TRUE(WriteFresh(doc->get(), &output).ok());
  EXPECT_FALSE(Contains(output, "TREE-LEAF-MARKER"));
  auto reloaded = LoadPdf(output, {});
  ASSERT_TRUE(reloaded.ok()) << reloaded.status().message();
  EXPECT_EQ((*reloaded)->GetPageCount(), 2);
  if (HaveQpdf()) {
    EXPECT_EQ(QpdfCheck(output), 0);
  }
}

TEST(LoadPdf, RefusesPageTreeThatPodofoWouldMiscount) {
  // /Count says one page, the tree has two: PoDoFo would list one, the writer would keep both.
  const std::string undercounted = PdfWithPageTree(
      {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 1 >>",
       "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>",
       "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>"});
  auto doc = LoadPdf(undercounted, {});
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message().rfind("damaged PDF: page", 0), 0u) << doc.status().message();

  const std::string loop = PdfWithPageTree(
      {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
       "<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>"});
  doc = LoadPdf(loop, {});
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message(), "damaged PDF: page tree loop");

  const std::string missing_kid = PdfWithPageTree(
      {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R 9 0 R] /Count 2 >>",
       "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>"});
  doc = LoadPdf(missing_kid, {});
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message().rfind("damaged PDF: ", 0), 0u) << doc.status().message();
}

TEST(LoadPdf, ReportsDamagedObjectsAtWriteTime) {
  // Object 3 is listed in the xref but its bytes are not an object: PoDoFo parses on demand,
  // so the failure shows when the sanitizer or the writer reaches it, as a Status.
  std::string pdf = PdfWithPageTree({"<< /Type /Catalog /Pages 2 0 R /Extra 4 0 R >>",
                                     "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                     "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 100 100] >>",
                                     "<< /Broken [ 1 2 3 >>"});
  auto doc = LoadPdf(pdf, {});
  if (!doc.ok()) {
    EXPECT_EQ(doc.status().message().rfind("damaged PDF: ", 0), 0u);
    return;
  }
  SanitizeReport report;
  const redact::Status sanitized = Sanitize(doc->get(), &report);
  std::string output;
  const redact::Status written = sanitized.ok() ? WriteFresh(doc->get(), &output) : sanitized;
  if (!written.ok()) {
    EXPECT_FALSE(Contains(written.message(), "Broken"));
  } else if (HaveQpdf()) {
    EXPECT_EQ(QpdfCheck(output), 0);
  }
}

}  // namespace
