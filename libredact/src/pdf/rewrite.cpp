// Content-stream rewriting for redaction; see rewrite.hpp.
#include "pdf/rewrite.hpp"

#include <podofo/podofo.h>

#include <cmath>
#include <map>

namespace redact::pdf {
namespace {

bool IsShow(const std::string& n) { return n == "Tj" || n == "TJ" || n == "'" || n == "\""; }
bool IsPositioning(const std::string& n) { return n == "Td" || n == "TD" || n == "T*" || n == "Tm"; }

Op MakeOp(const char* name, std::vector<CObj> args) {
  Op op;
  op.name = name;
  op.args = std::move(args);
  return op;
}

Op TmOp(const Matrix& m) {
  return MakeOp("Tm", {CObj::Number(m.a), CObj::Number(m.b), CObj::Number(m.c), CObj::Number(m.d),
                       CObj::Number(m.e), CObj::Number(m.f)});
}

// Glyphs of one show operation, by (elem, glyph) — from the first time it was drawn.
using OpGlyphs = std::map<std::pair<int, int>, const PlacedGlyph*>;

// Rewrites one show operation into segments of kept glyphs, each placed with its own Tm.
void RewriteShow(const Op& op, const OpGlyphs& glyphs, const std::set<StreamPos>& removed,
                 int stream, int index, std::vector<Op>* out) {
  if (op.name == "\"" && op.args.size() >= 2) {
    out->push_back(MakeOp("Tw", {op.args[0]}));
    out->push_back(MakeOp("Tc", {op.args[1]}));
  }
  if (op.args.empty()) return;
  std::vector<CObj> elems;
  const CObj& shown = op.args.back();
  if (op.name == "TJ") {
    if (shown.type != CObj::Type::kArray) return;
    elems = shown.items;
  } else {
    elems.push_back(shown);
  }
  CObj segment;
  segment.type = CObj::Type::kArray;
  Matrix start;
  auto close = [&]() {
    while (!segment.items.empty() && segment.items.back().type == CObj::Type::kNumber)
      segment.items.pop_back();  // a trailing adjustment would only move the next Tm's text
    if (segment.items.empty()) return;
    out->push_back(TmOp(start));
    out->push_back(MakeOp("TJ", {segment}));
    segment.items.clear();
  };
  for (std::size_t k = 0; k < elems.size(); ++k) {
    const CObj& e = elems[k];
    if (e.type == CObj::Type::kNumber) {
      if (!segment.items.empty()) segment.items.push_back(e);
      continue;
    }
    if (e.type != CObj::Type::kString) continue;
    for (int g = 0;; ++g) {
      auto it = glyphs.find({static_cast<int>(k), g});
      if (it == glyphs.end()) break;
      const PlacedGlyph& pg = *it->second;
      if (removed.count(StreamPos{stream, index, static_cast<int>(k), g})) {
        close();
        continue;
      }
      if (segment.items.empty()) start = pg.tm;
      if (segment.items.empty() || segment.items.back().type != CObj::Type::kString)
        segment.items.push_back(CObj::String("", true));
      segment.items.back().text += pg.code;
    }
  }
  close();
}

// /ActualText, /Alt and /E in inline marked-content properties repeat text in the clear.
void StripMarkedContentText(Op* op) {
  if ((op->name != "BDC" && op->name != "DP") || op->args.size() < 2) return;
  CObj& props = op->args[1];
  if (props.type != CObj::Type::kDict) return;
  std::erase_if(props.dict, [](const auto& kv) {
    return kv.first == "ActualText" || kv.first == "Alt" || kv.first == "E";
  });
}

}  // namespace

Box QuantizeBox(const Box& b, double pad, double quantum) {
  Box q{b.x0 - pad, b.y0 - pad, b.x1 + pad, b.y1 + pad};
  if (quantum <= 0) return q;
  for (int axis = 0; axis < 2; ++axis) {
    double& lo = axis == 0 ? q.x0 : q.y0;
    double& hi = axis == 0 ? q.x1 : q.y1;
    double len = hi - lo;
    double want = std::ceil(len / quantum) * quantum;
    double extra = (want - len) / 2;
    lo -= extra;
    hi += extra;
  }
  return q;
}

void RewriteContent(const RedactionPlan& plan, PageContent* page) {
  // Glyphs by stream and operation.
  std::map<std::pair<int, int>, OpGlyphs> by_op;
  for (const PlacedGlyph& g : page->glyphs)
    by_op[{g.pos.stream, g.pos.op}].emplace(std::make_pair(g.pos.elem, g.pos.glyph), &g);
  // Paths entirely under a box go too (vector-drawn text, signatures).
  std::set<std::pair<int, int>> dropped_ops;
  for (const PathPainting& p : page->paths)
    for (const Box& b : plan.boxes)
      if (p.box.x0 >= b.x0 && p.box.x1 <= b.x1 && p.box.y0 >= b.y0 && p.box.y1 <= b.y1) {
        for (int k = p.first_op; k <= p.pos.op; ++k) dropped_ops.insert({p.pos.stream, k});
        break;
      }

  for (int s = 0; s < static_cast<int>(page->streams.size()); ++s) {
    std::vector<Op>& ops = page->streams[s].ops;
    std::vector<Op> out;
    out.reserve(ops.size());
    std::size_t i = 0;
    while (i < ops.size()) {
      if (ops[i].name != "BT") {
        if (!dropped_ops.count({s, static_cast<int>(i)})) {
          out.push_back(std::move(ops[i]));
          StripMarkedContentText(&out.back());
        }
        ++i;
        continue;
      }
      std::size_t end = i + 1;
      while (end < ops.size() && ops[end].name != "ET") ++end;
      bool affected = false;
      for (auto it = plan.glyphs.lower_bound(StreamPos{s, static_cast<int>(i), 0, 0});
           it != plan.glyphs.end() && it->stream == s && it->op <= static_cast<int>(end); ++it)
        affected = true;
      for (std::size_t k = i; k <= end && k < ops.size(); ++k) {
        Op& op = ops[k];
        if (affected && IsPositioning(op.name)) continue;
        if (affected && IsShow(op.name)) {
          auto it = by_op.find({s, static_cast<int>(k)});
          if (it != by_op.end()) RewriteShow(op, it->second, plan.glyphs, s, static_cast<int>(k), &out);
          else if (op.name == "\"" && op.args.size() >= 2) {
            out.push_back(MakeOp("Tw", {op.args[0]}));
            out.push_back(MakeOp("Tc", {op.args[1]}));
          }
          continue;
        }
        out.push_back(std::move(op));
        StripMarkedContentText(&out.back());
      }
      i = end + 1;
    }
    ops = std::move(out);
  }
}

Status StoreContent(const PageContent& page, const RedactionPlan& plan, PoDoFo::PdfVecObjects* objects) {
  try {
    for (const ContentStream& cs : page.streams) {
      std::string data = SerializeContent(cs.ops);
      if (cs.page_level) {
        std::string wrapped = "q\n" + data + "Q\n";
        for (const Box& b : plan.boxes) {
          char buf[160];
          std::snprintf(buf, sizeof buf, "q 0 g %.2f %.2f %.2f %.2f re f Q\n", b.x0, b.y0,
                        b.width(), b.height());
          wrapped += buf;
        }
        PoDoFo::PdfObject* stream = objects->CreateObject();
        stream->GetStream()->Set(wrapped.data(), static_cast<PoDoFo::pdf_long>(wrapped.size()));
        // The old content objects become unreachable and are swept before writing.
        cs.owner->GetDictionary().AddKey("Contents", stream->Reference());
      } else {
        PoDoFo::PdfObject* x = cs.owner;
        x->GetDictionary().RemoveKey("Filter");
        x->GetDictionary().RemoveKey("DecodeParms");
        x->GetStream()->Set(data.data(), static_cast<PoDoFo::pdf_long>(data.size()));
      }
    }
  } catch (const PoDoFo::PdfError& e) {
    return Status::Error(std::string("cannot store rewritten content (") +
                         PoDoFo::PdfError::ErrorName(e.GetError()) + ")");
  }
  return {};
}

}  // namespace redact::pdf
