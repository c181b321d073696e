// Loading untrusted PDF bytes with PoDoFo 0.9.8 and refusing what the redactor cannot handle
// safely. Everything downstream (text layer, sanitizer, fresh write) assumes these checks.
#include "pdf/document_limits.hpp"

#include <podofo/podofo.h>

#include <exception>
#include <new>
#include <string>
#include <unordered_set>
#include <vector>

namespace redact::pdf {
namespace {

using PoDoFo::PdfError;
using PoDoFo::PdfMemDocument;
using PoDoFo::PdfObject;

// Readers accept the header anywhere in the first 1024 bytes (PDF 32000 Annex H); PoDoFo
// itself wants it at offset 0 and reports ePdfError_NoPdfFile otherwise.
bool HasPdfHeader(std::string_view bytes) {
  return bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos;
}

// PoDoFo 0.9.8 on OpenSSL 3 cannot even start RC4 (R2–R4, also AES-128 whose key derivation
// uses RC4): such files fail with ePdfError_InternalLogic whatever the password. Any failure
// on bytes that carry an /Encrypt entry is therefore reported as encryption.
bool IsEncryptionError(const PdfError& e, std::string_view bytes) {
  switch (e.GetError()) {
    case PoDoFo::ePdfError_InvalidPassword:
    case PoDoFo::ePdfError_InvalidEncryptionDict:
    case PoDoFo::ePdfError_CannotEncryptedForUpdate:
      return true;
    default:
      return bytes.find("/Encrypt") != std::string_view::npos;
  }
}

std::string ErrorCodeName(const PdfError& e) {
  const char* name = PdfError::ErrorName(e.GetError());
  return name ? name : "ePdfError_Unknown";
}

// The leaves of the /Pages tree in document order, or an error for a loop, a missing /Kids
// target or more than `max_pages` leaves. Iterative so a deep tree cannot exhaust the stack.
Result<std::vector<const PdfObject*>> PageTreeLeaves(PdfMemDocument& doc, int max_pages) {
  const PdfObject* root = doc.GetCatalog()->GetIndirectKey("Pages");
  if (root == nullptr || !root->IsDictionary()) {
    return Status::Error("damaged PDF: no page tree");
  }
  std::vector<const PdfObject*> leaves;
  std::unordered_set<const PdfObject*> seen;
  std::vector<const PdfObject*> stack{root};
  while (!stack.empty()) {
    const PdfObject* node = stack.back();
    stack.pop_back();
    if (!seen.insert(node).second) return Status::Error("damaged PDF: page tree loop");
    const PdfObject* kids = node->GetIndirectKey("Kids");
    const PdfObject* type = node->GetIndirectKey("Type");
    const bool is_leaf = type != nullptr && type->IsName()
                             ? type->GetName() == PoDoFo::PdfName("Page")
                             : kids == nullptr;
    if (is_leaf) {
      leaves.push_back(node);
      if (static_cast<long long>(leaves.size()) > max_pages) {
        return Status::Error("too many pages: more than " + std::to_string(max_pages));
      }
      continue;
    }
    if (kids == nullptr || !kids->IsArray()) {
      return Status::Error("damaged PDF: page tree node without /Kids");
    }
    const PoDoFo::PdfArray& array = kids->GetArray();
    for (auto it = array.rbegin(); it != array.rend(); ++it) {
      if (!it->IsReference()) return Status::Error("damaged PDF: direct object in /Kids");
      const PdfObject* kid = doc.GetObjects().GetObject(it->GetReference());
      if (kid == nullptr || !kid->IsDictionary()) {
        return Status::Error("damaged PDF: missing page object");
      }
      stack.push_back(kid);
    }
  }
  return leaves;
}

// PoDoFo trusts /Count and skips what it cannot find; a page it does not list would still be
// written, unredacted. Refuse unless its page list and the real tree agree one to one.
Status CheckPageTree(PdfMemDocument& doc, int max_pages) {
  auto leaves = PageTreeLeaves(doc, max_pages);
  if (!leaves.ok()) return leaves.status();
  const int count = doc.GetPageCount();
  if (count < 0 || static_cast<std::size_t>(count) != leaves->size()) {
    return Status::Error("damaged PDF: page count does not match the page tree");
  }
  for (int i = 0; i < count; ++i) {
    const PoDoFo::PdfPage* page = doc.GetPage(i);
    if (page == nullptr || page->GetObject() != (*leaves)[i]) {
      return Status::Error("damaged PDF: page tree order mismatch");
    }
  }
  return Status();
}

}  // namespace

Result<std::unique_ptr<PdfMemDocument>> LoadPdf(std::string_view bytes, const LoadLimits& limits) {
  if (bytes.size() > limits.max_bytes) {
    return Status::Error("PDF too large: over " + std::to_string(limits.max_bytes) + " bytes");
  }
  if (!HasPdfHeader(bytes)) return Status::Error("not a PDF");
  auto doc = std::make_unique<PdfMemDocument>();
  try {
    // PoDoFo 0.9.8 copies the buffer into its input device (PdfInputDevice(const char*,
    // size_t)); objects are parsed on demand from that copy.
    doc->LoadFromBuffer(bytes.data(), static_cast<long>(bytes.size()));
  } catch (const PdfError& e) {
    if (IsEncryptionError(e, bytes)) return Status::Error("encrypted PDF");
    if (e.GetError() == PoDoFo::ePdfError_NoPdfFile) return Status::Error("not a PDF");
    return Status::Error("damaged PDF: " + ErrorCodeName(e));
  } catch (const std::bad_alloc&) {
    return Status::Error("damaged PDF: out of memory while parsing");
  } catch (const std::exception&) {
    return Status::Error("damaged PDF: parser failure");
  }
  // An empty user password opens the file, but 0.9.8 cannot drop the encryption on write.
  if (doc->GetEncrypted()) return Status::Error("encrypted PDF");
  if (doc->GetObjects().GetSize() > limits.max_objects) {
    return Status::Error("too many objects: more than " + std::to_string(limits.max_objects));
  }
  try {
    Status pages = CheckPageTree(*doc, limits.max_pages);
    if (!pages.ok()) return pages;
  } catch (const PdfError& e) {
    return Status::Error("damaged PDF: " + ErrorCodeName(e));
  } catch (const std::exception&) {
    return Status::Error("damaged PDF: page tree unreadable");
  }
  return doc;
}

}  // namespace redact::pdf
