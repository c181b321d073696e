// Content-stream lexer and serializer (PDF 32000-1 7.2, 7.3, 8.9.7 for inline images).
#include "pdf/content.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace redact::pdf {
namespace {

bool IsWhite(unsigned char c) {
  return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}
bool IsDelim(unsigned char c) {
  return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
         c == '}' || c == '/' || c == '%';
}
bool IsRegular(unsigned char c) { return !IsWhite(c) && !IsDelim(c); }
int HexVal(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

class Lexer {
 public:
  Lexer(std::string_view d, const ContentLimits& l) : d_(d), limits_(l) {}

  Status Run(std::vector<Op>* ops) {
    std::vector<CObj> stack;
    while (true) {
      SkipWhite();
      if (p_ >= d_.size()) break;
      unsigned char c = d_[p_];
      if (IsRegular(c) && !IsNumberStart()) {
        std::string kw = Keyword();
        if (kw == "true" || kw == "false") {
          CObj o;
          o.type = CObj::Type::kBool;
          o.boolean = kw == "true";
          stack.push_back(std::move(o));
          continue;
        }
        if (kw == "null") {
          stack.emplace_back();
          continue;
        }
        if (ops->size() >= limits_.max_ops) return Error("too many operations");
        Op op;
        op.name = std::move(kw);
        if (op.name == "BI") {
          if (Status s = InlineImage(&op); !s.ok()) return s;
        } else {
          op.args = std::move(stack);
        }
        stack.clear();
        ops->push_back(std::move(op));
        continue;
      }
      CObj o;
      if (Status s = Object(&o, 0); !s.ok()) return s;
      stack.push_back(std::move(o));
      if (stack.size() > 4096) return Error("too many operands");
    }
    // Operands with no operator at the end are ignored by viewers; keep them visible to the
    // interpreter as an error-free no-op (nothing to render).
    return {};
  }

 private:
  Status Error(const char* what) const {
    return Status::Error(std::string("content stream: ") + what + " at byte " + std::to_string(p_));
  }

  void SkipWhite() {
    while (p_ < d_.size()) {
      unsigned char c = d_[p_];
      if (IsWhite(c)) {
        ++p_;
      } else if (c == '%') {
        while (p_ < d_.size() && d_[p_] != '\n' && d_[p_] != '\r') ++p_;
      } else {
        break;
      }
    }
  }

  bool IsNumberStart() const {
    unsigned char c = d_[p_];
    if ((c >= '0' && c <= '9') || c == '.') return true;
    if ((c == '+' || c == '-') && p_ + 1 < d_.size()) {
      unsigned char n = d_[p_ + 1];
      return (n >= '0' && n <= '9') || n == '.';
    }
    return false;
  }

  std::string Keyword() {
    std::size_t b = p_;
    while (p_ < d_.size() && IsRegular(d_[p_])) ++p_;
    return std::string(d_.substr(b, p_ - b));
  }

  Status Object(CObj* o, int depth) {
    if (depth > limits_.max_depth) return Error("nesting too deep");
    SkipWhite();
    if (p_ >= d_.size()) return Error("unexpected end");
    unsigned char c = d_[p_];
    if (IsNumberStart()) return Number(o);
    switch (c) {
      case '/': {
        ++p_;
        o->type = CObj::Type::kName;
        while (p_ < d_.size() && IsRegular(d_[p_])) {
          if (d_[p_] == '#' && p_ + 2 < d_.size() && HexVal(d_[p_ + 1]) >= 0 && HexVal(d_[p_ + 2]) >= 0) {
            o->text.push_back(static_cast<char>(HexVal(d_[p_ + 1]) * 16 + HexVal(d_[p_ + 2])));
            p_ += 3;
          } else {
            o->text.push_back(d_[p_++]);
          }
        }
        return {};
      }
      case '(':
        return Literal(o);
      case '<':
        if (p_ + 1 < d_.size() && d_[p_ + 1] == '<') {
          p_ += 2;
          o->type = CObj::Type::kDict;
          while (true) {
            SkipWhite();
            if (p_ + 1 < d_.size() && d_[p_] == '>' && d_[p_ + 1] == '>') {
              p_ += 2;
              return {};
            }
            CObj key;
            if (Status s = Object(&key, depth + 1); !s.ok()) return s;
            if (key.type != CObj::Type::kName) return Error("dictionary key is not a name");
            CObj val;
            if (Status s = Object(&val, depth + 1); !s.ok()) return s;
            o->dict.emplace_back(std::move(key.text), std::move(val));
          }
        }
        return Hex(o);
      case '[': {
        ++p_;
        o->type = CObj::Type::kArray;
        while (true) {
          SkipWhite();
          if (p_ >= d_.size()) return Error("unterminated array");
          if (d_[p_] == ']') {
            ++p_;
            return {};
          }
          CObj item;
          if (Status s = Object(&item, depth + 1); !s.ok()) return s;
          o->items.push_back(std::move(item));
        }
      }
      default: {
        if (IsRegular(c)) {
          std::string kw = Keyword();
          if (kw == "true" || kw == "false") {
            o->type = CObj::Type::kBool;
            o->boolean = kw == "true";
            return {};
          }
          if (kw == "null") return {};
          return Error("operator inside an array or dictionary");
        }
        return Error("unexpected delimiter");
      }
    }
  }

  Status Number(CObj* o) {
    std::size_t b = p_;
    if (d_[p_] == '+' || d_[p_] == '-') ++p_;
    bool dot = false;
    while (p_ < d_.size() && ((d_[p_] >= '0' && d_[p_] <= '9') || (d_[p_] == '.' && !dot))) {
      dot |= d_[p_] == '.';
      ++p_;
    }
    // Some producers write "--5" or "1.2.3": PDF readers take what parses; be equally lenient
    // but bounded.
    while (p_ < d_.size() && IsRegular(d_[p_])) ++p_;
    std::string s(d_.substr(b, p_ - b));
    o->type = CObj::Type::kNumber;
    o->number = std::strtod(s.c_str(), nullptr);
    if (!std::isfinite(o->number)) o->number = 0;
    return {};
  }

  Status Literal(CObj* o) {
    ++p_;
    o->type = CObj::Type::kString;
    int depth = 1;
    while (p_ < d_.size()) {
      unsigned char c = d_[p_++];
      if (c == '(') {
        ++depth;
      } else if (c == ')') {
        if (--depth == 0) return {};
      } else if (c == '\\') {
        if (p_ >= d_.size()) break;
        unsigned char e = d_[p_++];
        switch (e) {
          case 'n': c = '\n'; break;
          case 'r': c = '\r'; break;
          case 't': c = '\t'; break;
          case 'b': c = '\b'; break;
          case 'f': c = '\f'; break;
          case '\r':
            if (p_ < d_.size() && d_[p_] == '\n') ++p_;
            continue;
          case '\n':
            continue;
          default:
            if (e >= '0' && e <= '7') {
              int v = e - '0';
              for (int k = 0; k < 2 && p_ < d_.size() && d_[p_] >= '0' && d_[p_] <= '7'; ++k)
                v = v * 8 + (d_[p_++] - '0');
              c = static_cast<unsigned char>(v & 0xFF);
            } else {
              c = e;  // \( \) \\ and unknown escapes: the character itself
            }
        }
      }
      o->text.push_back(static_cast<char>(c));
    }
    return Error("unterminated string");
  }

  Status Hex(CObj* o) {
    ++p_;
    o->type = CObj::Type::kString;
    o->hex = true;
    int hi = -1;
    while (p_ < d_.size()) {
      unsigned char c = d_[p_++];
      if (c == '>') {
        if (hi >= 0) o->text.push_back(static_cast<char>(hi << 4));
        return {};
      }
      if (IsWhite(c)) continue;
      int v = HexVal(c);
      if (v < 0) return Error("bad hex string");
      if (hi < 0) {
        hi = v;
      } else {
        o->text.push_back(static_cast<char>((hi << 4) | v));
        hi = -1;
      }
    }
    return Error("unterminated hex string");
  }

  // BI <key value>* ID <data> EI
  Status InlineImage(Op* op) {
    CObj dict;
    dict.type = CObj::Type::kDict;
    while (true) {
      SkipWhite();
      if (p_ + 1 < d_.size() && d_[p_] == 'I' && d_[p_ + 1] == 'D' &&
          (p_ + 2 >= d_.size() || !IsRegular(d_[p_ + 2])))
        break;
      if (p_ >= d_.size()) return Error("inline image without ID");
      CObj key;
      if (Status s = Object(&key, 1); !s.ok()) return s;
      if (key.type != CObj::Type::kName) return Error("inline image key is not a name");
      CObj val;
      if (Status s = Object(&val, 1); !s.ok()) return s;
      dict.dict.emplace_back(std::move(key.text), std::move(val));
    }
    p_ += 2;  // ID
    if (p_ < d_.size() && IsWhite(d_[p_])) ++p_;  // exactly one white-space byte
    std::size_t b = p_;
    const CObj* len = dict.Find("L");
    if (len == nullptr) len = dict.Find("Length");
    std::size_t e = std::string_view::npos;
    if (len != nullptr && len->type == CObj::Type::kNumber && len->number >= 0 &&
        b + static_cast<std::size_t>(len->number) <= d_.size()) {
      e = b + static_cast<std::size_t>(len->number);
      p_ = e;
      SkipWhite();
      if (!(p_ + 1 < d_.size() && d_[p_] == 'E' && d_[p_ + 1] == 'I')) e = std::string_view::npos;
    }
    if (e == std::string_view::npos) {
      // The first "EI" between white space (or at the end): the spec's own heuristic.
      std::size_t q = b;
      while (true) {
        q = d_.find("EI", q);
        if (q == std::string_view::npos) return Error("inline image without EI");
        bool before = q > b && IsWhite(d_[q - 1]);
        bool after = q + 2 >= d_.size() || IsWhite(d_[q + 2]) || IsDelim(d_[q + 2]);
        if (before && after) break;
        q += 1;
      }
      e = q - 1;  // the white-space byte before EI is not data
      p_ = q;
    }
    op->inline_data.assign(d_.data() + b, e - b);
    SkipWhite();
    p_ += 2;  // EI
    op->args.push_back(std::move(dict));
    return {};
  }

  std::string_view d_;
  const ContentLimits& limits_;
  std::size_t p_ = 0;
};

void AppendNumber(double v, std::string* out) {
  if (std::fabs(v - std::round(v)) < 1e-9 && std::fabs(v) < 1e15) {
    out->append(std::to_string(static_cast<long long>(std::llround(v))));
    return;
  }
  // PDF has no exponent notation: a huge value is written out in full (up to 309 digits
  // for the largest double). A 64-byte buffer truncated values over ~1e57 to other numbers
  // (found by fuzz_content).
  char buf[400];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  std::string s(buf);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  out->append(s);
}

}  // namespace

const CObj* CObj::Find(std::string_view key) const {
  for (const auto& [k, v] : dict)
    if (k == key) return &v;
  return nullptr;
}

Result<std::vector<Op>> ParseContent(std::string_view data, const ContentLimits& limits) {
  std::vector<Op> ops;
  Lexer lex(data, limits);
  if (Status s = lex.Run(&ops); !s.ok()) return s;
  return ops;
}

void AppendObject(const CObj& o, std::string* out) {
  static const char* kHex = "0123456789ABCDEF";
  switch (o.type) {
    case CObj::Type::kNull: out->append("null"); break;
    case CObj::Type::kBool: out->append(o.boolean ? "true" : "false"); break;
    case CObj::Type::kNumber: AppendNumber(o.number, out); break;
    case CObj::Type::kName:
      out->push_back('/');
      for (unsigned char c : o.text) {
        if (c > 0x20 && c < 0x7F && c != '#' && IsRegular(c)) {
          out->push_back(static_cast<char>(c));
        } else {
          out->push_back('#');
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 15]);
        }
      }
      break;
    case CObj::Type::kString:
      // Hex always: exact bytes, no escaping questions, and no stray glyph-code text.
      out->push_back('<');
      for (unsigned char c : o.text) {
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 15]);
      }
      out->push_back('>');
      break;
    case CObj::Type::kArray:
      out->push_back('[');
      for (std::size_t i = 0; i < o.items.size(); ++i) {
        if (i) out->push_back(' ');
        AppendObject(o.items[i], out);
      }
      out->push_back(']');
      break;
    case CObj::Type::kDict:
      out->append("<<");
      for (const auto& [k, v] : o.dict) {
        CObj name;
        name.type = CObj::Type::kName;
        name.text = k;
        AppendObject(name, out);
        out->push_back(' ');
        AppendObject(v, out);
        out->push_back(' ');
      }
      out->append(">>");
      break;
  }
}

std::string SerializeContent(const std::vector<Op>& ops) {
  std::string out;
  for (const Op& op : ops) {
    if (op.name == "BI") {
      out.append("BI");
      if (!op.args.empty())
        for (const auto& [k, v] : op.args[0].dict) {
          CObj name;
          name.type = CObj::Type::kName;
          name.text = k;
          out.push_back(' ');
          AppendObject(name, &out);
          out.push_back(' ');
          AppendObject(v, &out);
        }
      out.append(" ID ");
      out.append(op.inline_data);
      out.append("\nEI\n");
      continue;
    }
    for (const CObj& a : op.args) {
      AppendObject(a, &out);
      out.push_back(' ');
    }
    out.append(op.name);
    out.push_back('\n');
  }
  return out;
}

}  // namespace redact::pdf
