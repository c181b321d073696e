// ToUnicode pruning; see font_prune.hpp.
#include "pdf/font_prune.hpp"

#include <podofo/podofo.h>

#include <cstdio>
#include <set>

#include "pdf/interpreter.hpp"

namespace redact::pdf {
namespace {

void AppendHex(const std::string& bytes, std::string* out) {
  static const char* kHex = "0123456789ABCDEF";
  out->push_back('<');
  for (unsigned char c : bytes) {
    out->push_back(kHex[c >> 4]);
    out->push_back(kHex[c & 15]);
  }
  out->push_back('>');
}

std::string Utf16Hex(const std::u32string& text) {
  std::string be;
  for (char32_t c : text) {
    auto unit = [&](uint32_t u) {
      be.push_back(static_cast<char>(u >> 8));
      be.push_back(static_cast<char>(u & 0xFF));
    };
    if (c >= 0x10000) {
      uint32_t v = c - 0x10000;
      unit(0xD800 + (v >> 10));
      unit(0xDC00 + (v & 0x3FF));
    } else {
      unit(c);
    }
  }
  std::string out;
  AppendHex(be, &out);
  return out;
}

// A ToUnicode CMap for exactly `codes`; the codespace follows the code lengths in use.
std::string BuildCMap(const std::map<std::string, std::u32string>& codes) {
  std::set<std::size_t> lengths;
  for (const auto& [code, text] : codes) lengths.insert(code.size());
  if (lengths.empty()) lengths.insert(2);
  std::string s =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n";
  s += std::to_string(lengths.size()) + " begincodespacerange\n";
  for (std::size_t len : lengths) {
    AppendHex(std::string(len, '\0'), &s);
    AppendHex(std::string(len, '\xFF'), &s);
    s += "\n";
  }
  s += "endcodespacerange\n";
  std::vector<std::pair<std::string, std::u32string>> entries;
  for (const auto& [code, text] : codes)
    if (!text.empty()) entries.emplace_back(code, text);
  for (std::size_t i = 0; i < entries.size(); i += 100) {
    std::size_t n = std::min<std::size_t>(100, entries.size() - i);
    s += std::to_string(n) + " beginbfchar\n";
    for (std::size_t k = i; k < i + n; ++k) {
      AppendHex(entries[k].first, &s);
      s += " " + Utf16Hex(entries[k].second) + "\n";
    }
    s += "endbfchar\n";
  }
  s += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
  return s;
}

}  // namespace

Result<UsedCodes> CollectUsedCodes(PoDoFo::PdfMemDocument* doc) {
  UsedCodes used;
  FontCache fonts;
  for (int p = 0; p < doc->GetPageCount(); ++p) {
    auto pc = InterpretPage(doc->GetPage(p), &doc->GetObjects(), &fonts);
    if (!pc.ok()) return Status::Error("page " + std::to_string(p + 1) + ": " + pc.status().message());
    for (const PlacedGlyph& g : pc.value().glyphs)
      if (g.font != nullptr) used[g.font][g.code] = g.text;
  }
  return used;
}

Result<int> PruneToUnicode(PoDoFo::PdfMemDocument* doc, const UsedCodes& used) {
  int dropped = 0;
  try {
    // Collect first: creating the new CMap streams grows the object vector, which would
    // invalidate an iteration over it.
    std::vector<PoDoFo::PdfObject*> fonts;
    for (auto* obj : doc->GetObjects()) {
      if (!obj->IsDictionary()) continue;
      const PoDoFo::PdfDictionary& d = obj->GetDictionary();
      const PoDoFo::PdfObject* type = d.GetKey("Type");
      if (type && type->IsName() && type->GetName().GetName() == "Font" && d.HasKey("ToUnicode"))
        fonts.push_back(obj);
    }
    for (PoDoFo::PdfObject* obj : fonts) {
      PoDoFo::PdfDictionary& d = obj->GetDictionary();
      auto it = used.find(obj);
      if (it == used.end()) {
        d.RemoveKey("ToUnicode");  // drawn by nothing: its map can only spell removed text
        ++dropped;
        continue;
      }
      std::string cmap = BuildCMap(it->second);
      PoDoFo::PdfObject* stream = doc->GetObjects().CreateObject();
      stream->GetStream()->Set(cmap.data(), static_cast<PoDoFo::pdf_long>(cmap.size()));
      d.AddKey("ToUnicode", stream->Reference());  // the old map becomes unreachable
    }
  } catch (const PoDoFo::PdfError& e) {
    return Status::Error(std::string("cannot rewrite ToUnicode maps (") +
                         PoDoFo::PdfError::ErrorName(e.GetError()) + ")");
  }
  return dropped;
}

}  // namespace redact::pdf
