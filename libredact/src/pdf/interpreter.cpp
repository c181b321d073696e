// Content-stream interpretation (PDF 32000-1 8.4 graphics state, 9.3-9.4 text state and
// text showing, 8.10 form XObjects). Only what affects where text, images and paths land
// is modelled; colour matters only to tell white (invisible) text.
#include "pdf/interpreter.hpp"

#include <podofo/podofo.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>

namespace redact::pdf {

using PoDoFo::PdfObject;

Matrix Matrix::Then(const Matrix& m) const {
  return {a * m.a + b * m.c,       a * m.b + b * m.d,       c * m.a + d * m.c,
          c * m.b + d * m.d,       e * m.a + f * m.c + m.e, e * m.b + f * m.d + m.f};
}

void Matrix::Apply(double x, double y, double* ox, double* oy) const {
  *ox = a * x + c * y + e;
  *oy = b * x + d * y + f;
}

Result<std::shared_ptr<const Font>> FontCache::Get(PdfObject* font_dict, PoDoFo::PdfVecObjects* objs) {
  auto it = fonts_.find(font_dict);
  if (it != fonts_.end()) return it->second;
  auto f = Font::Load(*font_dict, objs);
  if (!f.ok()) return f.status();
  fonts_[font_dict] = f.value();
  return f.value();
}

namespace {

PdfObject* Resolve(PdfObject* o, PoDoFo::PdfVecObjects* objs) {
  for (int i = 0; o != nullptr && o->IsReference() && i < 32; ++i) o = objs->GetObject(o->GetReference());
  return o;
}

double Num(const CObj& o) { return o.type == CObj::Type::kNumber ? o.number : 0; }

struct TextState {
  double tc = 0, tw = 0, th = 1, tl = 0, tfs = 0, rise = 0;
  int render = 0;
  std::shared_ptr<const Font> font;
  const PdfObject* font_dict = nullptr;
};

struct GState {
  Matrix ctm;
  TextState text;
  bool white_fill = false;
};

Box BoxOf(const Matrix& m, double x0, double y0, double x1, double y1) {
  double xs[4], ys[4];
  m.Apply(x0, y0, &xs[0], &ys[0]);
  m.Apply(x1, y0, &xs[1], &ys[1]);
  m.Apply(x1, y1, &xs[2], &ys[2]);
  m.Apply(x0, y1, &xs[3], &ys[3]);
  return {*std::min_element(xs, xs + 4), *std::min_element(ys, ys + 4),
          *std::max_element(xs, xs + 4), *std::max_element(ys, ys + 4)};
}

class Interpreter {
 public:
  Interpreter(PoDoFo::PdfVecObjects* objs, FontCache* fonts, const InterpretLimits& limits, PageContent* out)
      : objs_(objs), fonts_(fonts), limits_(limits), out_(out) {}

  // Runs stream `index` with resources `res` from graphics state `gs`.
  Status Run(int index, PdfObject* res, GState gs, int depth) {
    std::vector<GState> stack;
    Matrix tm, tlm;
    bool in_text = false;
    int path_start = -1;
    Box path_box;
    bool path_any = false;
    auto extend_path = [&](double x, double y) {
      double dx, dy;
      gs.ctm.Apply(x, y, &dx, &dy);
      if (!path_any) path_box = {dx, dy, dx, dy};
      path_box.x0 = std::min(path_box.x0, dx);
      path_box.y0 = std::min(path_box.y0, dy);
      path_box.x1 = std::max(path_box.x1, dx);
      path_box.y1 = std::max(path_box.y1, dy);
      path_any = true;
    };
    const std::size_t nops = out_->streams[index].ops.size();
    for (std::size_t i = 0; i < nops; ++i) {
      const Op& op = out_->streams[index].ops[i];
      // Form XObjects drawn from form XObjects multiply work without growing the file
      // (ten forms each drawing the next ten times is 10^12 operations): count what runs.
      if (++executed_ > limits_.max_ops_executed)
        return Status::Error("page too complex: more than " + std::to_string(limits_.max_ops_executed) +
                             " operations drawn");
      if ((executed_ & 4095) == 0 && std::chrono::steady_clock::now() > limits_.deadline)
        return Status::Error("time limit exceeded while reading the page");
      const std::string& n = op.name;
      const auto& a = op.args;
      auto arg = [&](std::size_t k) { return k < a.size() ? Num(a[k]) : 0.0; };
      if (n == "q") {
        if (stack.size() > 4096) return Status::Error("graphics state nesting too deep");
        stack.push_back(gs);
      } else if (n == "Q") {
        if (!stack.empty()) {
          gs = stack.back();
          stack.pop_back();
        }
      } else if (n == "cm" && a.size() >= 6) {
        gs.ctm = Matrix{arg(0), arg(1), arg(2), arg(3), arg(4), arg(5)}.Then(gs.ctm);
      } else if (n == "BT") {
        tm = tlm = Matrix{};
        in_text = true;
      } else if (n == "ET") {
        in_text = false;
      } else if (n == "Tc") {
        gs.text.tc = arg(0);
      } else if (n == "Tw") {
        gs.text.tw = arg(0);
      } else if (n == "Tz") {
        gs.text.th = arg(0) / 100.0;
      } else if (n == "TL") {
        gs.text.tl = arg(0);
      } else if (n == "Ts") {
        gs.text.rise = arg(0);
      } else if (n == "Tr") {
        gs.text.render = static_cast<int>(arg(0));
      } else if (n == "Tf" && a.size() >= 2) {
        gs.text.tfs = arg(1);
        if (a[0].type != CObj::Type::kName) return Status::Error("Tf without a font name");
        const PdfObject* dict = nullptr;
        auto font = LoadFont(res, a[0].text, &dict);
        if (!font.ok()) return font.status();
        gs.text.font = font.value();
        gs.text.font_dict = dict;
      } else if (n == "Td" || n == "TD") {
        if (n == "TD") gs.text.tl = -arg(1);
        tlm = Matrix{1, 0, 0, 1, arg(0), arg(1)}.Then(tlm);
        tm = tlm;
      } else if (n == "Tm" && a.size() >= 6) {
        tlm = tm = Matrix{arg(0), arg(1), arg(2), arg(3), arg(4), arg(5)};
      } else if (n == "T*") {
        tlm = Matrix{1, 0, 0, 1, 0, -gs.text.tl}.Then(tlm);
        tm = tlm;
      } else if (n == "Tj" || n == "'" || n == "\"" || n == "TJ") {
        if (n == "'" || n == "\"") {
          if (n == "\"") {
            gs.text.tw = arg(0);
            gs.text.tc = arg(1);
          }
          tlm = Matrix{1, 0, 0, 1, 0, -gs.text.tl}.Then(tlm);
          tm = tlm;
        }
        if (a.empty()) continue;
        if (!gs.text.font) return Status::Error("text shown without a font (Tf)");
        const CObj& shown = a.back();
        if (n == "TJ") {
          if (shown.type != CObj::Type::kArray) continue;
          for (std::size_t k = 0; k < shown.items.size(); ++k) {
            const CObj& it = shown.items[k];
            if (it.type == CObj::Type::kNumber) {
              double adj = -it.number / 1000.0 * gs.text.tfs;
              if (gs.text.font->vertical()) tm = Matrix{1, 0, 0, 1, 0, adj}.Then(tm);
              else tm = Matrix{1, 0, 0, 1, adj * gs.text.th, 0}.Then(tm);
            } else if (it.type == CObj::Type::kString) {
              if (Status s = Show(it.text, gs, &tm, {index, static_cast<int>(i), static_cast<int>(k), 0}); !s.ok())
                return s;
            }
          }
        } else if (shown.type == CObj::Type::kString) {
          if (Status s = Show(shown.text, gs, &tm, {index, static_cast<int>(i), 0, 0}); !s.ok()) return s;
        }
        (void)in_text;
      } else if (n == "g" || n == "rg" || n == "k" || n == "sc" || n == "scn") {
        bool white = !a.empty();
        if (n == "k") {
          for (const CObj& o : a) white = white && o.type == CObj::Type::kNumber && o.number <= 0.0;
        } else {
          for (const CObj& o : a) white = white && o.type == CObj::Type::kNumber && o.number >= 1.0;
        }
        gs.white_fill = white;
      } else if (n == "Do" && !a.empty() && a[0].type == CObj::Type::kName) {
        if (Status s = Do(res, a[0].text, gs, index, static_cast<int>(i), depth); !s.ok()) return s;
      } else if (n == "BI") {
        out_->images.push_back({{index, static_cast<int>(i), 0, 0}, nullptr, BoxOf(gs.ctm, 0, 0, 1, 1), gs.ctm});
      } else if (n == "m" || n == "l") {
        if (path_start < 0) path_start = static_cast<int>(i);
        extend_path(arg(0), arg(1));
      } else if (n == "c") {
        if (path_start < 0) path_start = static_cast<int>(i);
        extend_path(arg(0), arg(1));
        extend_path(arg(2), arg(3));
        extend_path(arg(4), arg(5));
      } else if (n == "v" || n == "y") {
        if (path_start < 0) path_start = static_cast<int>(i);
        extend_path(arg(0), arg(1));
        extend_path(arg(2), arg(3));
      } else if (n == "re") {
        if (path_start < 0) path_start = static_cast<int>(i);
        extend_path(arg(0), arg(1));
        extend_path(arg(0) + arg(2), arg(1) + arg(3));
      } else if (n == "S" || n == "s" || n == "f" || n == "F" || n == "f*" || n == "B" ||
                 n == "B*" || n == "b" || n == "b*" || n == "n") {
        if (path_start >= 0 && path_any && n != "n")
          out_->paths.push_back({{index, static_cast<int>(i), 0, 0}, path_start, path_box});
        path_start = -1;
        path_any = false;
      }
    }
    return {};
  }

 private:
  Result<std::shared_ptr<const Font>> LoadFont(PdfObject* res, const std::string& name,
                                               const PdfObject** dict) {
    PdfObject* fonts = res ? Resolve(res->GetDictionary().GetKey("Font"), objs_) : nullptr;
    PdfObject* f = fonts && fonts->IsDictionary() ? Resolve(fonts->GetDictionary().GetKey(PoDoFo::PdfName(name)), objs_) : nullptr;
    if (f == nullptr || !f->IsDictionary()) return Status::Error("font resource missing: " + name);
    *dict = f;
    return fonts_->Get(f, objs_);
  }

  Status Show(const std::string& bytes, const GState& gs, Matrix* tm, StreamPos pos) {
    const Font& font = *gs.text.font;
    const TextState& ts = gs.text;
    std::vector<Glyph> glyphs = font.Decode(bytes);
    std::size_t offset = 0;
    for (std::size_t g = 0; g < glyphs.size(); ++g) {
      const Glyph& gl = glyphs[g];
      if (out_->glyphs.size() >= limits_.max_glyphs) return Status::Error("too many glyphs on a page");
      PlacedGlyph pg;
      pg.text = gl.unicode;
      pg.has_unicode = !gl.unicode.empty();
      pg.code = bytes.substr(offset, gl.nbytes);
      pg.font = gs.text.font_dict;
      offset += gl.nbytes;
      pg.pos = pos;
      pg.pos.glyph = static_cast<int>(g);
      pg.tm = *tm;
      pg.vertical = font.vertical();
      pg.invisible = ts.render == 3 || ts.render == 7 || (gs.white_fill && ts.render == 0);
      // Text rendering matrix without the glyph's own offset.
      Matrix trm = Matrix{ts.tfs * ts.th, 0, 0, ts.tfs, 0, ts.rise}.Then(*tm).Then(gs.ctm);
      double tx = 0, ty = 0;
      if (!font.vertical()) {
        pg.box = BoxOf(trm, 0, font.descent(), gl.width, font.ascent());
        trm.Apply(0, 0, &pg.origin_x, &pg.origin_y);
        tx = (gl.width * ts.tfs + ts.tc + (gl.word_space ? ts.tw : 0)) * ts.th;
      } else {
        // Vertical: the position vector (vx, vy) sits on the current point.
        Matrix vtrm = Matrix{ts.tfs, 0, 0, ts.tfs, 0, 0}.Then(*tm).Then(gs.ctm);
        pg.box = BoxOf(vtrm, -gl.vx, -gl.vy + font.descent(), -gl.vx + gl.width, -gl.vy + font.ascent());
        vtrm.Apply(0, 0, &pg.origin_x, &pg.origin_y);
        ty = gl.vertical_advance * ts.tfs + ts.tc + (gl.word_space ? ts.tw : 0);
      }
      double x0, y0, x1, y1;
      Matrix adv = tm->Then(gs.ctm);
      adv.Apply(0, 0, &x0, &y0);
      adv.Apply(tx, ty, &x1, &y1);
      pg.advance_x = x1 - x0;
      pg.advance_y = y1 - y0;
      double sx, sy;
      Matrix unit = Matrix{ts.tfs, 0, 0, ts.tfs, 0, 0}.Then(*tm).Then(gs.ctm);
      unit.Apply(0, 1, &sx, &sy);
      double ox, oy;
      unit.Apply(0, 0, &ox, &oy);
      pg.size = std::hypot(sx - ox, sy - oy);
      out_->glyphs.push_back(std::move(pg));
      *tm = Matrix{1, 0, 0, 1, tx, ty}.Then(*tm);
    }
    return {};
  }

  Status Do(PdfObject* res, const std::string& name, const GState& gs, int index, int op, int depth) {
    PdfObject* xobjs = res ? Resolve(res->GetDictionary().GetKey("XObject"), objs_) : nullptr;
    PdfObject* x = xobjs && xobjs->IsDictionary()
                       ? Resolve(xobjs->GetDictionary().GetKey(PoDoFo::PdfName(name)), objs_)
                       : nullptr;
    if (x == nullptr || !x->IsDictionary()) return Status::Error("XObject resource missing: " + name);
    PdfObject* subtype = x->GetDictionary().GetKey("Subtype");
    std::string st = subtype && subtype->IsName() ? subtype->GetName().GetName() : "";
    if (st == "Image") {
      out_->images.push_back({{index, op, 0, 0}, x, BoxOf(gs.ctm, 0, 0, 1, 1), gs.ctm});
      return {};
    }
    if (st == "PS") return {};  // ignored by PDF 1.4+ viewers
    if (st != "Form") return Status::Error("unknown XObject subtype /" + st);
    if (depth >= limits_.max_xobject_depth) return Status::Error("form XObjects nested too deep");
    if (active_.count(x)) return Status::Error("form XObject draws itself (cycle)");
    // One stream entry per form, parsed once, however often it is drawn.
    int sidx = -1;
    for (std::size_t k = 0; k < out_->streams.size(); ++k)
      if (out_->streams[k].owner == x && !out_->streams[k].page_level) sidx = static_cast<int>(k);
    if (sidx < 0) {
      auto data = DecodedStream(x, limits_.max_stream_bytes);
      if (!data.ok()) return data.status();
      if (data.value().size() > limits_.max_stream_bytes) return Status::Error("content stream too large");
      auto ops = ParseContent(data.value());
      if (!ops.ok()) return Status::Error("form XObject " + std::to_string(x->Reference().ObjectNumber()) +
                                          ": " + ops.status().message());
      out_->streams.push_back({x, false, std::move(ops.value())});
      sidx = static_cast<int>(out_->streams.size() - 1);
    }
    GState inner = gs;
    PdfObject* m = Resolve(x->GetDictionary().GetKey("Matrix"), objs_);
    if (m && m->IsArray() && m->GetArray().size() == 6) {
      double v[6];
      for (int k = 0; k < 6; ++k) v[k] = m->GetArray()[k].GetReal();
      inner.ctm = Matrix{v[0], v[1], v[2], v[3], v[4], v[5]}.Then(gs.ctm);
    }
    PdfObject* xres = Resolve(x->GetDictionary().GetKey("Resources"), objs_);
    active_.insert(x);
    Status s = Run(sidx, xres ? xres : res, inner, depth + 1);
    active_.erase(x);
    return s;
  }

  PoDoFo::PdfVecObjects* objs_;
  FontCache* fonts_;
  const InterpretLimits& limits_;
  PageContent* out_;
  std::set<PdfObject*> active_;
  std::size_t executed_ = 0;
};

}  // namespace

Result<PageContent> InterpretPage(PoDoFo::PdfPage* page, PoDoFo::PdfVecObjects* objects,
                                  FontCache* fonts, const InterpretLimits& page_limits) {
  InterpretLimits limits = page_limits;
  const auto now = std::chrono::steady_clock::now();
  const auto page_budget = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(limits.max_page_seconds));
  if (limits.deadline - now > page_budget) limits.deadline = now + page_budget;
  PageContent pc;
  try {
    PoDoFo::PdfRect crop = page->GetCropBox();
    pc.crop_box = {crop.GetLeft(), crop.GetBottom(), crop.GetLeft() + crop.GetWidth(),
                   crop.GetBottom() + crop.GetHeight()};
    pc.rotation = page->GetRotation();
    // The page's own content: every /Contents stream joined (operators may span them).
    std::string joined;
    PdfObject* contents = Resolve(page->GetObject()->GetDictionary().GetKey("Contents"), objects);
    if (contents != nullptr) {
      std::vector<PdfObject*> parts;
      if (contents->IsArray()) {
        for (auto& item : contents->GetArray()) parts.push_back(Resolve(const_cast<PdfObject*>(&item), objects));
      } else {
        parts.push_back(contents);
      }
      for (PdfObject* part : parts) {
        auto data = DecodedStream(part, limits.max_stream_bytes);
        if (!data.ok()) return data.status();
        joined += data.value();
        joined.push_back('\n');
        if (joined.size() > limits.max_stream_bytes) return Status::Error("content stream too large");
      }
    }
    auto ops = ParseContent(joined);
    if (!ops.ok()) return ops.status();
    pc.streams.push_back({page->GetObject(), true, std::move(ops.value())});
    Interpreter in(objects, fonts, limits, &pc);
    PdfObject* res = page->GetResources();
    if (Status s = in.Run(0, res, GState{}, 0); !s.ok()) return s;
  } catch (const PoDoFo::PdfError& e) {
    return Status::Error(std::string("damaged page (") + PoDoFo::PdfError::ErrorName(e.GetError()) + ")");
  }
  return pc;
}

}  // namespace redact::pdf
