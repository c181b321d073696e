// Decoding a stream's /Filter chain with hard output caps: the one way the PDF front end
// (content streams, form XObjects, fonts, CMaps, colour tables, JBIG2 globals) gets bytes.
// PoDoFo's GetFilteredCopy inflates without any limit, so a 1 MB Flate bomb became 1 GB in
// memory before a size check could run; here decoding stops at the cap instead.
#include <podofo/podofo.h>

#include <string>

#include "image/codecs.hpp"
#include "pdf/interpreter.hpp"

namespace redact::pdf {
namespace {

using PoDoFo::PdfObject;

const PdfObject* Deref(const PdfObject* o, const PdfObject* owner) {
  PoDoFo::PdfVecObjects* objs = owner->GetOwner();
  for (int i = 0; o != nullptr && o->IsReference() && i < 8; ++i)
    o = objs ? objs->GetObject(o->GetReference()) : nullptr;
  return o != nullptr && o->IsReference() ? nullptr : o;
}

std::string FullFilterName(const std::string& n) {
  if (n == "Fl") return "FlateDecode";
  if (n == "LZW") return "LZWDecode";
  if (n == "AHx") return "ASCIIHexDecode";
  if (n == "A85") return "ASCII85Decode";
  if (n == "RL") return "RunLengthDecode";
  return n;
}

int Parm(const PdfObject* parms, const char* key, int fallback, const PdfObject* owner) {
  if (parms == nullptr || !parms->IsDictionary()) return fallback;
  const PdfObject* o = Deref(parms->GetDictionary().GetKey(key), owner);
  if (o == nullptr || !(o->IsNumber() || o->IsReal())) return fallback;
  return static_cast<int>(o->GetNumber());
}

std::string ObjectName(const PdfObject* obj) {
  return "object " + std::to_string(obj->Reference().ObjectNumber());
}

}  // namespace

Result<std::string> DecodedStream(const PdfObject* obj, std::size_t max_out) {
  if (obj == nullptr || !obj->HasStream() || !obj->IsDictionary())
    return Status::Error("expected a stream object");
  const PoDoFo::PdfDictionary& dict = obj->GetDictionary();
  std::vector<std::pair<std::string, const PdfObject*>> steps;
  const PdfObject* f = Deref(dict.GetKey("Filter"), obj);
  const PdfObject* p = Deref(dict.GetKey("DecodeParms"), obj);
  auto parms_at = [&](std::size_t i) -> const PdfObject* {
    if (p == nullptr) return nullptr;
    if (p->IsArray()) return i < p->GetArray().size() ? Deref(&p->GetArray()[i], obj) : nullptr;
    return i == 0 ? p : nullptr;
  };
  if (f != nullptr && f->IsName()) {
    steps.push_back({FullFilterName(f->GetName().GetName()), parms_at(0)});
  } else if (f != nullptr && f->IsArray()) {
    for (std::size_t i = 0; i < f->GetArray().size(); ++i) {
      const PdfObject* n = Deref(&f->GetArray()[i], obj);
      if (n == nullptr || !n->IsName()) return Status::Error(ObjectName(obj) + ": malformed /Filter");
      steps.push_back({FullFilterName(n->GetName().GetName()), parms_at(i)});
    }
  } else if (f != nullptr && !f->IsNull()) {
    return Status::Error(ObjectName(obj) + ": malformed /Filter");
  }
  if (steps.size() > 8) return Status::Error(ObjectName(obj) + ": more than 8 filters");
  std::string data;
  try {
    data = RawStreamBytes(*obj);
  } catch (const PoDoFo::PdfError& e) {
    return Status::Error("cannot read stream of " + ObjectName(obj) + " (" +
                         PoDoFo::PdfError::ErrorName(e.GetError()) + ")");
  }
  const std::size_t stored = data.size();
  for (const auto& [name, parms] : steps) {
    Result<std::string> out = Status::Error("");
    namespace in = image::internal;
    if (name == "FlateDecode") out = in::FlateDecode(data, max_out);
    else if (name == "LZWDecode") out = in::LzwDecode(data, Parm(parms, "EarlyChange", 1, obj) != 0, max_out);
    else if (name == "RunLengthDecode") out = in::RunLengthDecode(data, max_out);
    else if (name == "ASCIIHexDecode") out = in::AsciiHexDecode(data);
    else if (name == "ASCII85Decode") out = in::Ascii85Decode(data);
    else return Status::Error("cannot decode stream of " + ObjectName(obj) + " (filter /" + name + ")");
    if (!out.ok()) {
      return Status::Error("cannot decode stream of " + ObjectName(obj) + ": " +
                           (out.status().message().find("bomb") != std::string::npos
                                ? "decoded size over the limit of " + std::to_string(max_out) +
                                      " bytes (decompression bomb)"
                                : out.status().message()));
    }
    if (name == "FlateDecode" || name == "LZWDecode") {
      image::internal::PredictorParams pp;
      pp.predictor = Parm(parms, "Predictor", 1, obj);
      pp.colors = Parm(parms, "Colors", 1, obj);
      pp.bits_per_component = Parm(parms, "BitsPerComponent", 8, obj);
      pp.columns = Parm(parms, "Columns", 1, obj);
      out = image::internal::Unpredict(std::move(out.value()), pp);
      if (!out.ok()) return Status::Error("cannot decode stream of " + ObjectName(obj) + ": " + out.status().message());
    }
    data = std::move(out.value());
    if (data.size() > max_out)
      return Status::Error("cannot decode stream of " + ObjectName(obj) + ": decoded size over the limit of " +
                           std::to_string(max_out) + " bytes (decompression bomb)");
  }
  // A ratio cap on top of the size cap: deflate alone reaches ~1000:1 only on degenerate
  // data, and nested filters multiply; nothing a producer writes for text needs 16 MiB at
  // over 500:1.
  if (data.size() > kRatioCheckFloor && data.size() / std::max<std::size_t>(stored, 1) > kMaxDecodeRatio)
    return Status::Error("cannot decode stream of " + ObjectName(obj) + ": expands more than " +
                         std::to_string(kMaxDecodeRatio) + ":1 (decompression bomb)");
  return data;
}

std::string RawStreamBytes(const PdfObject& obj) {
  char* buf = nullptr;
  PoDoFo::pdf_long len = 0;
  obj.GetStream()->GetCopy(&buf, &len);
  std::string out(buf ? buf : "", buf ? static_cast<std::size_t>(len) : 0);
  PoDoFo::podofo_free(buf);
  return out;
}

}  // namespace redact::pdf
