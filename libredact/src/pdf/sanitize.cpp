// Hidden-channel removal and the single-revision write, the last steps before a redacted PDF
// leaves the library. Works on PoDoFo 0.9.8 objects directly; no PoDoFo element wrappers.
#include "pdf/sanitize.hpp"

#include <podofo/podofo.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <initializer_list>
#include <iterator>
#include <new>
#include <unordered_set>
#include <vector>

namespace redact::pdf {
namespace {

using PoDoFo::PdfArray;
using PoDoFo::PdfDictionary;
using PoDoFo::PdfError;
using PoDoFo::PdfMemDocument;
using PoDoFo::PdfName;
using PoDoFo::PdfObject;
using PoDoFo::PdfVecObjects;

// PdfDocument caches element wrappers (PdfInfo, PdfAcroForm) that point at objects the
// sweep may delete. 0.9.8 only offers protected access to them; naming the members through
// a derived class is the standard way to reach them without instantiating one.
class DocumentCaches : public PoDoFo::PdfDocument {
 public:
  static void DropInfo(PoDoFo::PdfDocument* doc) {
    void (PoDoFo::PdfDocument::*set_info)(PoDoFo::PdfInfo*) = &DocumentCaches::SetInfo;
    (doc->*set_info)(nullptr);  // deletes the wrapper only, never the object
  }
  static void DropAcroForm(PoDoFo::PdfDocument* doc) {
    PoDoFo::PdfAcroForm* PoDoFo::PdfDocument::*form = &DocumentCaches::m_pAcroForms;
    delete (doc->*form);
    doc->*form = nullptr;
  }
  static const PdfObject* AcroFormObject(const PoDoFo::PdfDocument* doc) {
    PoDoFo::PdfAcroForm* PoDoFo::PdfDocument::*form = &DocumentCaches::m_pAcroForms;
    return doc->*form ? (doc->*form)->GetObject() : nullptr;
  }
};

// The trailer is not in the object vector; 0.9.8 exposes it only as const.
PdfObject* MutableTrailer(PdfMemDocument* doc) { return const_cast<PdfObject*>(doc->GetTrailer()); }

const PdfObject* Resolve(const PdfVecObjects& objects, const PdfObject* value) {
  if (value != nullptr && value->IsReference()) return objects.GetObject(value->GetReference());
  return value;
}

PdfObject* Follow(PdfVecObjects& objects, PdfObject* value) {
  if (value != nullptr && value->IsReference()) return objects.GetObject(value->GetReference());
  return value;
}

int Total(const SanitizeReport& r) {
  return r.info_entries + r.xmp_streams + r.annotations + r.form_fields + r.outlines +
         r.names_trees + r.actions + r.structure_trees + r.optional_content + r.thumbnails +
         r.piece_info + r.other;
}

bool RemoveKey(PdfDictionary& dict, const char* key) {
  const PdfName name(key);
  if (!dict.HasKey(name)) return false;
  dict.RemoveKey(name);
  return true;
}

// Counts the nodes of a linked structure (outline items via /First and /Next, form fields via
// /Kids) without following a node twice, so a loop in a hostile file ends.
int CountLinked(const PdfVecObjects& objects, std::vector<const PdfObject*> start,
                std::initializer_list<const char*> links) {
  std::unordered_set<const PdfObject*> seen;
  int count = 0;
  while (!start.empty()) {
    const PdfObject* node = Resolve(objects, start.back());
    start.pop_back();
    if (node == nullptr || !node->IsDictionary() || !seen.insert(node).second) continue;
    ++count;
    for (const char* link : links) {
      const PdfObject* next = node->GetDictionary().GetKey(link);
      if (next == nullptr) continue;
      next = Resolve(objects, next);
      if (next != nullptr && next->IsArray()) {
        for (const PdfObject& item : next->GetArray()) start.push_back(&item);
      } else if (next != nullptr) {
        start.push_back(next);
      }
    }
  }
  return count;
}

int CountOutlineItems(const PdfVecObjects& objects, const PdfObject* outlines) {
  outlines = Resolve(objects, outlines);
  if (outlines == nullptr || !outlines->IsDictionary()) return 0;
  const PdfObject* first = outlines->GetDictionary().GetKey("First");
  if (first == nullptr) return 0;
  return CountLinked(objects, {first}, {"First", "Next"});
}

int CountFormFields(const PdfVecObjects& objects, const PdfObject* acroform) {
  acroform = Resolve(objects, acroform);
  if (acroform == nullptr || !acroform->IsDictionary()) return 0;
  const PdfObject* fields = Resolve(objects, acroform->GetDictionary().GetKey("Fields"));
  if (fields == nullptr || !fields->IsArray()) return 0;
  std::vector<const PdfObject*> start;
  for (const PdfObject& field : fields->GetArray()) start.push_back(&field);
  return CountLinked(objects, std::move(start), {"Kids"});
}

int CountEntries(const PdfVecObjects& objects, const PdfObject* value) {
  value = Resolve(objects, value);
  if (value == nullptr) return 0;
  if (value->IsDictionary()) return static_cast<int>(value->GetDictionary().GetKeys().size());
  if (value->IsArray()) return static_cast<int>(value->GetArray().size());
  return 1;
}

// The catalog, a /Pages node or a page (anything the page tree or PoDoFo's caches point at).
bool IsDocumentStructure(PdfMemDocument* doc, const PdfObject* o) {
  if (o == doc->GetCatalog()) return true;
  if (!o->IsDictionary()) return false;
  const PdfDictionary& d = o->GetDictionary();
  const PdfObject* type = d.GetKey("Type");
  if (type != nullptr && type->IsName()) {
    const std::string& n = type->GetName().GetName();
    if (n == "Catalog" || n == "Pages" || n == "Page") return true;
  }
  return d.HasKey("Kids") || d.HasKey("Parent") || d.HasKey("Contents") || d.HasKey("MediaBox");
}

// Trailer /Info: the key goes, and so does the object (with PoDoFo's PdfInfo wrapper), since
// 0.9.8 writes every object in its vector whether referenced or not.
void RemoveInfo(PdfMemDocument* doc, SanitizeReport* report) {
  PdfVecObjects& objects = doc->GetObjects();
  PdfDictionary& trailer = MutableTrailer(doc)->GetDictionary();
  std::vector<PdfObject*> info_objects;
  if (const PdfObject* key = trailer.GetKey("Info")) {
    PdfObject* info = key->IsReference() ? objects.GetObject(key->GetReference()) : nullptr;
    // A loaded file without /Info gets one made up by PoDoFo (CreationDate, Producer): that
    // is a plain PdfObject among parser objects, and not counted as the file's.
    const bool made_up = info != nullptr &&
                         dynamic_cast<PoDoFo::PdfParserObject*>(info) == nullptr &&
                         dynamic_cast<PoDoFo::PdfParserObject*>(doc->GetCatalog()) != nullptr;
    if (!made_up) report->info_entries += CountEntries(objects, key);
    if (info != nullptr) info_objects.push_back(info);
    trailer.RemoveKey("Info");
  }
  // PoDoFo made its own Info object when the file had none (InitFromParser / a new document).
  if (PoDoFo::PdfInfo* cached = doc->GetInfo()) {
    PdfObject* info = cached->GetObject();
    if (std::find(info_objects.begin(), info_objects.end(), info) == info_objects.end()) {
      info_objects.push_back(info);
    }
    DocumentCaches::DropInfo(doc);
  }
  for (PdfObject* info : info_objects) {
    if (objects.GetObject(info->Reference()) != info) continue;  // not owned by the vector
    // A hostile trailer may name the catalog or a page-tree node as /Info. Deleting it left
    // PoDoFo's cached catalog and page pointers dangling (use after free, found by
    // fuzz_pdf); unlinking is enough, since those dictionaries are cut to their known keys
    // below (kCatalogKeys, kPageTreeKeys, kPageKeys).
    if (IsDocumentStructure(doc, info)) continue;
    delete objects.RemoveObject(info->Reference());
  }
}

void SanitizeCatalog(PdfMemDocument* doc, SanitizeReport* report) {
  const PdfVecObjects& objects = doc->GetObjects();
  PdfDictionary& catalog = doc->GetCatalog()->GetDictionary();
  if (const PdfObject* outlines = catalog.GetKey("Outlines")) {
    report->outlines += CountOutlineItems(objects, outlines);
    catalog.RemoveKey("Outlines");
  }
  if (const PdfObject* acroform = catalog.GetKey("AcroForm")) {
    report->form_fields += CountFormFields(objects, acroform);
    catalog.RemoveKey("AcroForm");  // with /Fields, /XFA, /DR, /CO (calculation scripts)
  }
  if (const PdfObject* names = catalog.GetKey("Names")) {
    report->names_trees += CountEntries(objects, names);
    catalog.RemoveKey("Names");
  }
  if (RemoveKey(catalog, "Dests")) ++report->names_trees;
  if (RemoveKey(catalog, "OpenAction")) ++report->actions;
  if (RemoveKey(catalog, "StructTreeRoot")) ++report->structure_trees;
  if (RemoveKey(catalog, "MarkInfo")) ++report->structure_trees;
  // Without /OCProperties every optional-content group is on: content hidden by default
  // becomes visible and goes through the same redaction as everything else on the page.
  if (RemoveKey(catalog, "OCProperties")) ++report->optional_content;
  for (const char* key : {"Threads", "Collection", "Perms", "Legal", "SpiderInfo", "URI",
                          "DSS",                // signature validation data: certificates, CRLs
                          "PageLabels",         // free-text page label prefixes
                          "NeedsRendering"}) {  // asks viewers to render the removed XFA
    if (RemoveKey(catalog, key)) ++report->other;
  }
}

bool IsType(const PdfDictionary& dict, const char* type) {
  const PdfObject* value = dict.GetKey("Type");
  return value != nullptr && value->IsName() && value->GetName() == PdfName(type);
}

// Keys that are removed from a page dictionary (annotations with popups and appearance
// streams, thumbnail image, article beads).
void SanitizePageDictionary(const PdfVecObjects& objects, PdfDictionary& page,
                            SanitizeReport* report) {
  if (const PdfObject* annots = page.GetKey("Annots")) {
    report->annotations += CountEntries(objects, annots);
    page.RemoveKey("Annots");
  }
  if (RemoveKey(page, "Thumb")) ++report->thumbnails;
  if (RemoveKey(page, "B")) ++report->other;
}

// Keys that mean a hidden channel in any dictionary that carries them: catalog, pages,
// XObjects, fonts, ICC profiles, annotations, property lists.
void SanitizeAnyDictionary(PdfDictionary& dict, SanitizeReport* report) {
  if (RemoveKey(dict, "Metadata")) ++report->xmp_streams;
  if (RemoveKey(dict, "AA")) ++report->actions;
  if (RemoveKey(dict, "PieceInfo")) ++report->piece_info;
  if (RemoveKey(dict, "AF")) ++report->other;
  if (RemoveKey(dict, "StructParents")) ++report->structure_trees;
  if (RemoveKey(dict, "StructParent")) ++report->structure_trees;
  if (RemoveKey(dict, "OC")) ++report->optional_content;  // XObjects and annotations
  if (IsType(dict, "OCG")) {
    // Layer names and /Usage (/Creator, /User names) stay in the file while the group is
    // still referenced from /Resources /Properties.
    bool scrubbed = RemoveKey(dict, "Usage");
    const PdfObject* name = dict.GetKey("Name");
    if (name == nullptr || !name->IsString() || name->GetString().GetStringUtf8() != "OC") {
      dict.AddKey("Name", PoDoFo::PdfString("OC"));
      scrubbed = true;
    }
    if (scrubbed) ++report->optional_content;
  }
}

// The catalog, page-tree nodes and pages keep only these keys: an allowlist, so that a
// producer's private key (a source file name, a case number) does not ride along. Whatever
// else they carry is removed and counted as `other`.
constexpr const char* kCatalogKeys[] = {
    "Type", "Pages",        "Version", "Extensions", "PageLayout", "PageMode", "ViewerPreferences",
    "Lang", "OutputIntents"};
constexpr const char* kPageTreeKeys[] = {"Type",      "Parent",   "Kids",    "Count",
                                         "Resources", "MediaBox", "CropBox", "Rotate"};
constexpr const char* kPageKeys[] = {
    "Type",    "Parent", "Resources", "Contents", "MediaBox",     "CropBox",  "BleedBox",
    "TrimBox", "ArtBox", "Rotate",    "Group",    "BoxColorInfo", "UserUnit", "OutputIntents"};

template <std::size_t N>
int KeepOnly(PdfDictionary& dict, const char* const (&allowed)[N]) {
  std::vector<PdfName> extra;
  for (const auto& [key, value] : dict.GetKeys()) {
    const auto is_key = [&key = key](const char* name) { return key.GetName() == name; };
    if (std::none_of(std::begin(allowed), std::end(allowed), is_key)) extra.push_back(key);
  }
  for (const PdfName& key : extra) dict.RemoveKey(key);
  return static_cast<int>(extra.size());
}

enum class TreeNode { kPage, kPages };

void SanitizePageTreeNode(const PdfVecObjects& objects, PdfDictionary& node, TreeNode kind,
                          SanitizeReport* report) {
  SanitizeAnyDictionary(node, report);
  if (kind == TreeNode::kPages) {
    report->other += KeepOnly(node, kPageTreeKeys);
    return;
  }
  SanitizePageDictionary(objects, node, report);
  report->other += KeepOnly(node, kPageKeys);
}

// Top-down from the catalog's /Pages through /Kids, each node once; never up through
// /Parent, which a broken file may point anywhere (even at the catalog).
void SanitizePageTree(PdfMemDocument* doc, SanitizeReport* report) {
  PdfVecObjects& objects = doc->GetObjects();
  std::unordered_set<const PdfObject*> seen;
  std::vector<PdfObject*> stack;
  if (PdfObject* root = Follow(objects, doc->GetCatalog()->GetDictionary().GetKey("Pages"))) {
    stack.push_back(root);
  }
  while (!stack.empty()) {
    PdfObject* node = stack.back();
    stack.pop_back();
    if (node == doc->GetCatalog() || !node->IsDictionary() || !seen.insert(node).second) {
      continue;
    }
    PdfDictionary& dict = node->GetDictionary();
    PdfObject* kids = Follow(objects, dict.GetKey("Kids"));
    const bool is_pages = kids != nullptr && kids->IsArray() && !IsType(dict, "Page");
    if (is_pages) {
      for (PdfObject& kid : kids->GetArray()) {
        if (PdfObject* child = Follow(objects, &kid)) stack.push_back(child);
      }
    }
    SanitizePageTreeNode(objects, dict, is_pages ? TreeNode::kPages : TreeNode::kPage, report);
  }
  // LoadPdf makes PoDoFo's page list equal to the tree's leaves; for a document from
  // elsewhere, a page PoDoFo lists but the walk missed is still cleaned.
  for (int i = 0; i < doc->GetPageCount(); ++i) {
    PoDoFo::PdfPage* page = doc->GetPage(i);
    if (page != nullptr && seen.insert(page->GetObject()).second) {
      SanitizePageTreeNode(objects, page->GetObject()->GetDictionary(), TreeNode::kPage, report);
    }
  }
}

// Marked-content property lists named in /Resources /Properties: alternate and actual text
// and abbreviation expansions are text that is not drawn. (Inline BDC dictionaries are the
// content rewriter's.)
void SanitizePropertyLists(PdfVecObjects& objects, PdfDictionary& resources,
                           SanitizeReport* report) {
  PdfObject* properties = Follow(objects, resources.GetKey("Properties"));
  if (properties == nullptr || !properties->IsDictionary()) return;
  for (const auto& [name, value] : properties->GetDictionary().GetKeys()) {
    PdfObject* list = Follow(objects, value);
    if (list == nullptr || !list->IsDictionary()) continue;
    for (const char* key : {"ActualText", "Alt", "E"}) {
      if (RemoveKey(list->GetDictionary(), key)) ++report->structure_trees;
    }
  }
}

// Visits every dictionary in the document: each object in the vector and the direct
// dictionaries and arrays nested in it (explicit stack: nesting depth is attacker-chosen).
void SanitizeAllObjects(PdfMemDocument* doc, SanitizeReport* report) {
  PdfVecObjects& objects = doc->GetObjects();
  // A snapshot: GetObject() may re-sort the vector under a live iterator.
  const std::vector<PdfObject*> all(objects.begin(), objects.end());
  std::vector<PdfObject*> stack;
  for (PdfObject* object : all) {
    stack.push_back(object);
    while (!stack.empty()) {
      PdfObject* value = stack.back();
      stack.pop_back();
      if (value->IsArray()) {
        for (PdfObject& item : value->GetArray()) {
          if (item.IsArray() || item.IsDictionary()) stack.push_back(&item);
        }
        continue;
      }
      if (!value->IsDictionary()) continue;
      PdfDictionary& dict = value->GetDictionary();
      if (IsType(dict, "Page")) {
        SanitizePageTreeNode(objects, dict, TreeNode::kPage, report);
      } else if (IsType(dict, "Pages")) {
        SanitizePageTreeNode(objects, dict, TreeNode::kPages, report);
      } else {
        SanitizeAnyDictionary(dict, report);
      }
      if (value == doc->GetCatalog()) report->other += KeepOnly(dict, kCatalogKeys);
      PdfObject* resources = Follow(objects, dict.GetKey("Resources"));
      if (resources != nullptr && resources->IsDictionary()) {
        SanitizePropertyLists(objects, resources->GetDictionary(), report);
      }
      for (const auto& [key, child] : dict.GetKeys()) {
        if (child->IsArray() || child->IsDictionary()) stack.push_back(child);
      }
    }
  }
}

std::uint64_t Key(const PoDoFo::PdfReference& ref) {
  return (std::uint64_t{ref.ObjectNumber()} << 16) | ref.GenerationNumber();
}

// Marks from the trailer's /Root and deletes the rest. Throws PdfError when a reachable
// object cannot be parsed; nothing is deleted then.
int Sweep(PdfMemDocument* doc) {
  PdfVecObjects& objects = doc->GetObjects();
  std::unordered_set<std::uint64_t> reachable;
  std::vector<const PdfObject*> stack;
  const PdfObject* root = doc->GetTrailer()->GetDictionary().GetKey("Root");
  if (root != nullptr) stack.push_back(root);
  while (!stack.empty()) {
    const PdfObject* value = stack.back();
    stack.pop_back();
    if (value->IsReference()) {
      const PdfObject* target = objects.GetObject(value->GetReference());
      if (target != nullptr && reachable.insert(Key(target->Reference())).second) {
        stack.push_back(target);  // a stream object's dictionary is its value
      }
    } else if (value->IsArray()) {
      for (const PdfObject& item : value->GetArray()) stack.push_back(&item);
    } else if (value->IsDictionary()) {
      for (const auto& [key, child] : value->GetDictionary().GetKeys()) stack.push_back(child);
    }
  }

  const auto is_reachable = [&](const PdfObject* object) {
    return reachable.count(Key(object->Reference())) != 0;
  };
  if (const PoDoFo::PdfInfo* info = doc->GetInfo(); info && !is_reachable(info->GetObject())) {
    DocumentCaches::DropInfo(doc);
  }
  if (const PdfObject* form = DocumentCaches::AcroFormObject(doc); form && !is_reachable(form)) {
    DocumentCaches::DropAcroForm(doc);
  }
  // Unreachable objects move to the tail in one pass (kept ones stay sorted by reference, as
  // PdfVecObjects' binary search needs) and are popped from the back: erasing one by one from
  // the middle would be quadratic on large files.
  const auto tail = std::stable_partition(objects.begin(), objects.end(), is_reachable);
  const auto removed = static_cast<std::size_t>(objects.end() - tail);
  const std::size_t kept = objects.GetSize() - removed;
  while (objects.GetSize() > kept) {
    PdfObject* object = objects.RemoveObject(objects.end() - 1);
    objects.AddFreeObject(object->Reference());  // the xref lists the number as free
    delete object;
  }
  return static_cast<int>(removed);
}

std::string CodeName(const PdfError& e) {
  const char* name = PdfError::ErrorName(e.GetError());
  return name ? name : "ePdfError_Unknown";
}

}  // namespace

Status Sanitize(PdfMemDocument* doc, SanitizeReport* report) {
  if (doc == nullptr || report == nullptr) return Status::Error("sanitize: null argument");
  if (doc->GetCatalog() == nullptr || !doc->GetCatalog()->IsDictionary()) {
    return Status::Error("sanitize: document has no catalog");
  }
  SanitizeReport counts;
  try {
    RemoveInfo(doc, &counts);
    SanitizeCatalog(doc, &counts);
    PdfDictionary& catalog = doc->GetCatalog()->GetDictionary();
    SanitizeAnyDictionary(catalog, &counts);
    counts.other += KeepOnly(catalog, kCatalogKeys);
    SanitizePageTree(doc, &counts);
    // What was unlinked above goes now, so the pass below sees (and counts) only what will
    // be written, and removed data does not linger in memory.
    Sweep(doc);
    const int before = Total(counts);
    SanitizeAllObjects(doc, &counts);
    if (Total(counts) != before) Sweep(doc);  // that pass unlinked more
  } catch (const PdfError& e) {
    return Status::Error("sanitize: damaged PDF object (" + CodeName(e) + ")");
  } catch (const std::bad_alloc&) {
    return Status::Error("sanitize: out of memory");
  } catch (const std::exception&) {
    return Status::Error("sanitize: unexpected failure");
  }
  *report = counts;
  return Status();
}

int RemoveUnreachableObjects(PdfMemDocument* doc) {
  if (doc == nullptr) return -1;
  try {
    return Sweep(doc);
  } catch (const std::exception&) {  // PdfError is not a std::exception in 0.9.8
    return -1;
  } catch (const PdfError&) {
    return -1;
  }
}

Status WriteFresh(PdfMemDocument* doc, std::string* out) {
  if (doc == nullptr || out == nullptr) return Status::Error("write: null argument");
  // 0.9.8 re-encrypts on write with the input's key; there is no way to write it in clear.
  if (doc->GetEncrypted()) return Status::Error("write: encrypted PDF");
  try {
    // Write() embeds pending subset fonts into objects of their own; do it before the sweep
    // so the font cache never touches an object the sweep deleted.
    doc->EmbedSubsetFonts();
    PdfDictionary& trailer = MutableTrailer(doc)->GetDictionary();
    const PdfObject* root = trailer.GetKey("Root");
    if (root == nullptr || !root->IsReference()) return Status::Error("write: no /Root");
    const PdfObject root_ref(*root);
    // /Info, /ID (the original file's identifier), /Encrypt, /Prev, /XRefStm and xref-stream
    // keys all go: the writer adds /Size and a new /ID computed without any Info.
    trailer.Clear();
    trailer.AddKey("Root", root_ref);
    Sweep(doc);
    PoDoFo::PdfRefCountedBuffer buffer;
    PoDoFo::PdfOutputDevice device(&buffer);
    doc->SetWriteMode(PoDoFo::ePdfWriteMode_Compact);
    doc->Write(&device);  // always a complete file; WriteUpdate is the incremental path
    out->assign(buffer.GetBuffer(), device.GetLength());
  } catch (const PdfError& e) {
    return Status::Error("write: damaged PDF object (" + CodeName(e) + ")");
  } catch (const std::bad_alloc&) {
    return Status::Error("write: out of memory");
  } catch (const std::exception&) {
    return Status::Error("write: unexpected failure");
  }
  return Status();
}

}  // namespace redact::pdf
