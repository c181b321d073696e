// Hidden channels and the fresh write: everything in a PDF that is not the visible page
// content is removed before release (metadata, annotations, form values, outlines, embedded
// files, JavaScript and actions, structure text, optional content, thumbnails, page-piece
// data), and the file is written as one revision with no unreferenced objects.
#pragma once

#include <string>
#include <vector>

#include "redact/redact.hpp"

namespace PoDoFo {
class PdfMemDocument;
}

namespace redact::pdf {

// What the sanitizer removed: counts per channel, never the content.
struct SanitizeReport {
  int info_entries = 0;       // /Info dictionary entries
  int xmp_streams = 0;        // /Metadata streams (catalog, pages, images, fonts …)
  int annotations = 0;        // every /Annots entry (links, text, popups, FreeText, widgets …)
  int form_fields = 0;        // /AcroForm fields (values and appearances)
  int outlines = 0;           // /Outlines items
  int names_trees = 0;        // /Names entries (Dests, JavaScript, EmbeddedFiles, …)
  int actions = 0;            // /OpenAction, /AA anywhere
  int structure_trees = 0;    // /StructTreeRoot (with /Alt, /ActualText), /MarkInfo,
                              // /StructParent(s) keys, /ActualText /Alt /E in property lists
  int optional_content = 0;   // /OCProperties, /OC keys, OCG /Name and /Usage scrubbed
  int thumbnails = 0;         // page /Thumb
  int piece_info = 0;         // /PieceInfo anywhere
  int other = 0;              // /Threads, /Collection, /Perms, /Legal, /SpiderInfo, /URI,
                              // /DSS, /PageLabels, /NeedsRendering, /AF, page /B
};

// Removes every hidden channel from the document in place. Keeps what the visible page
// needs: page tree, /MediaBox /CropBox /Rotate, /Resources, /Contents. The catalog, page-tree
// nodes and pages keep an allowlist of keys; everything else is removed by name wherever
// it occurs.
// Marked content (BDC with /ActualText or /Alt in content streams) is handled by the
// content rewriter, not here.
// Removing /OCProperties and /OC turns every optional-content layer on: content hidden by
// default becomes visible, so the page redaction sees it like everything else.
// Ends like WriteFresh begins: every object not reachable from /Root is deleted, including
// objects the caller created but has not linked yet. doc->GetInfo() returns nullptr
// afterwards. Form field values and widget appearances disappear from the output; nothing
// is flattened.
// Do not keep PoDoFo wrappers (PdfOutlines, PdfNamesTree, PdfAnnotation, PdfInfo) across
// Sanitize or WriteFresh: their objects may be deleted. On error the document is partly
// sanitized and must be discarded.
// Cost: one pass over every object in the file (loads each one).
Status Sanitize(PoDoFo::PdfMemDocument* doc, SanitizeReport* report);

// Writes the document as a single fresh revision: objects not reachable from the trailer's
// /Root are deleted first (PoDoFo 0.9.8 would write them), the trailer keeps only /Root,
// /Size and a new /ID. Refuses encrypted documents. Classic xref table, no object streams;
// earlier revisions of an incrementally updated input are not carried over.
// Objects created but not yet linked from /Root are deleted too.
Status WriteFresh(PoDoFo::PdfMemDocument* doc, std::string* out);

// Deletes objects not reachable from the trailer's /Root (the trailer's /Info is not
// followed); returns how many were removed, or -1 when a reachable object cannot be parsed
// (nothing is deleted then). Cost: one walk over the reachable objects.
int RemoveUnreachableObjects(PoDoFo::PdfMemDocument* doc);

}  // namespace redact::pdf
