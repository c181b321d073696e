// The MIME walk of the mail gateway: every leaf part is either a document (PDF, TIFF, PNG,
// JPEG — redacted and replaced), text (scanned), a detached signature, empty, or unsupported
// (a failure: the message is not let through). Structure, boundaries and untouched parts are
// written back as GMime read them.
#include "mime_redactor.hpp"

#include <gmime/gmime.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <mutex>
#include <optional>
#include <stdexcept>

namespace redact_milter {
namespace {

constexpr int kMaxDepth = 16;
constexpr int kMaxParts = 500;

// Takes ownership of a GObject reference and drops it at scope end.
template <typename T>
struct GRef {
  T* p = nullptr;
  explicit GRef(T* q) : p(q) {}
  ~GRef() {
    if (p) g_object_unref(p);
  }
  GRef(const GRef&) = delete;
  GRef& operator=(const GRef&) = delete;
};

struct GStr {
  char* p = nullptr;
  explicit GStr(char* q) : p(q) {}
  ~GStr() { g_free(p); }
  std::string str() const { return p ? std::string(p) : std::string(); }
};

std::string ToLf(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '\r' && i + 1 < in.size() && in[i + 1] == '\n') continue;
    out.push_back(in[i]);
  }
  return out;
}

std::string ToCrlf(std::string_view lf) {
  std::string out;
  out.reserve(lf.size() + lf.size() / 40);
  for (char c : lf) {
    if (c == '\n') out.push_back('\r');
    out.push_back(c);
  }
  return out;
}

enum class DocKind { kNone, kPdf, kTiff, kPng, kJpeg };

DocKind Sniff(const std::string& b, bool lenient_pdf) {
  if (b.size() >= 8 && b.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0) return DocKind::kPng;
  if (b.size() >= 3 && static_cast<unsigned char>(b[0]) == 0xff &&
      static_cast<unsigned char>(b[1]) == 0xd8 && static_cast<unsigned char>(b[2]) == 0xff)
    return DocKind::kJpeg;
  if (b.size() >= 4 && (b.compare(0, 4, std::string("II*\0", 4)) == 0 ||
                        b.compare(0, 4, std::string("MM\0*", 4)) == 0))
    return DocKind::kTiff;
  // PDF readers accept the header anywhere in the first 1024 bytes; so do we.
  // Archives and office files may hold a PDF stored uncompressed near their start: they are
  // not PDFs (and not redactable).
  static const std::string kOther[] = {std::string("PK\x03\x04", 4), "Rar!", "7z\xbc\xaf",
                                       "\x1f\x8b", "\xd0\xcf\x11\xe0"};
  for (const auto& magic : kOther)
    if (b.compare(0, magic.size(), magic) == 0) return DocKind::kNone;
  // A text part must start with the header to count as a PDF (mail text may mention it).
  if (lenient_pdf ? b.substr(0, 1024).find("%PDF-") != std::string::npos : b.rfind("%PDF-", 0) == 0)
    return DocKind::kPdf;
  return DocKind::kNone;
}

const char* KindName(DocKind k) {
  switch (k) {
    case DocKind::kPdf:
      return "pdf";
    case DocKind::kTiff:
      return "tiff";
    case DocKind::kPng:
      return "png";
    case DocKind::kJpeg:
      return "jpeg";
    default:
      return "none";
  }
}

// MIME types in logs and reasons are sender-chosen strings: keep them short and plain.
std::string SafeToken(const std::string& s) {
  std::string out;
  for (char c : s.substr(0, 60)) {
    unsigned char u = static_cast<unsigned char>(c);
    out.push_back((std::isalnum(u) || c == '/' || c == '-' || c == '+' || c == '.') ? c : '_');
  }
  return out;
}

// A one-line ASCII reason for SMTP replies and logs (engine reasons never carry PII, but
// may carry characters an SMTP reply cannot).
std::string SafeReason(const std::string& s) {
  std::string out;
  for (char c : s.substr(0, 200)) {
    unsigned char u = static_cast<unsigned char>(c);
    out.push_back((u >= 0x20 && u < 0x7f && c != '%') ? c : ' ');
  }
  return out;
}

// Visible text of an HTML part, good enough for detection: tags removed (block tags become
// line breaks, cells tabs), script/style dropped, common entities decoded.
std::string HtmlText(const std::string& html) {
  std::string out;
  std::size_t i = 0;
  auto lower_at = [&](std::size_t pos, const char* word) {
    std::size_t n = std::strlen(word);
    if (pos + n > html.size()) return false;
    for (std::size_t k = 0; k < n; ++k)
      if (std::tolower(static_cast<unsigned char>(html[pos + k])) != word[k]) return false;
    return true;
  };
  while (i < html.size()) {
    char c = html[i];
    if (c == '<') {
      for (const char* skip : {"script", "style"}) {
        if (lower_at(i + 1, skip)) {
          std::string close = std::string("</") + skip;
          std::size_t j = i;
          while (j < html.size() && !lower_at(j, close.c_str())) ++j;
          i = j;
          break;
        }
      }
      std::size_t end = html.find('>', i);
      if (end == std::string::npos) break;
      std::string tag = html.substr(i + 1, std::min<std::size_t>(end - i - 1, 8));
      std::transform(tag.begin(), tag.end(), tag.begin(), ::tolower);
      if (tag.rfind("td", 0) == 0 || tag.rfind("th", 0) == 0)
        out.push_back('\t');
      else if (tag.rfind("br", 0) == 0 || tag.rfind("p", 0) == 0 || tag.rfind("/p", 0) == 0 ||
               tag.rfind("div", 0) == 0 || tag.rfind("/div", 0) == 0 || tag.rfind("tr", 0) == 0 ||
               tag.rfind("li", 0) == 0 || tag.rfind("h", 0) == 0)
        out.push_back('\n');
      i = end + 1;
    } else if (c == '&') {
      std::size_t semi = html.find(';', i);
      std::string ent =
          semi != std::string::npos && semi - i < 10 ? html.substr(i + 1, semi - i - 1) : "";
      if (ent == "amp")
        out += '&';
      else if (ent == "lt")
        out += '<';
      else if (ent == "gt")
        out += '>';
      else if (ent == "quot")
        out += '"';
      else if (ent == "nbsp")
        out += ' ';
      else if (!ent.empty() && ent[0] == '#') {
        unsigned long cp = 0;
        try {
          cp = ent.size() > 1 && (ent[1] == 'x' || ent[1] == 'X')
                   ? std::stoul(ent.substr(2), nullptr, 16)
                   : std::stoul(ent.substr(1));
        } catch (const std::exception&) {
          cp = 0;
        }
        char buf[8];
        int n = cp > 0 && cp < 0x110000 ? g_unichar_to_utf8(static_cast<gunichar>(cp), buf) : 0;
        out.append(buf, n);
      } else {
        out += '&';
        i += 1;
        continue;
      }
      i = semi + 1;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

std::string DecodedContent(GMimePart* part) {
  GMimeDataWrapper* w = g_mime_part_get_content(part);
  if (w == nullptr) return "";
  GRef<GMimeStream> mem(g_mime_stream_mem_new());
  if (g_mime_data_wrapper_write_to_stream(w, mem.p) < 0) throw std::runtime_error("decode");
  GByteArray* a = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.p));
  return std::string(reinterpret_cast<const char*>(a->data), a->len);
}

// Header fields of a header block (LF line ends, unfolded), in order.
std::vector<std::pair<std::string, std::string>> HeaderFields(std::string_view block) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t pos = 0;
  while (pos < block.size()) {
    std::size_t eol = block.find('\n', pos);
    if (eol == std::string_view::npos) eol = block.size();
    std::string_view line = block.substr(pos, eol - pos);
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t') && !out.empty()) {
      out.back().second += " ";
      out.back().second += std::string(line);
    } else {
      auto colon = line.find(':');
      if (colon != std::string_view::npos)
        out.emplace_back(std::string(line.substr(0, colon)), std::string(line.substr(colon + 1)));
    }
    pos = eol + 1;
  }
  for (auto& [name, value] : out) {
    std::string v;
    bool space = false;
    for (char c : value) {
      if (c == ' ' || c == '\t' || c == '\r') {
        space = !v.empty();
      } else {
        if (space) v.push_back(' ');
        space = false;
        v.push_back(c);
      }
    }
    value = v;
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
  }
  return out;
}

class Walker {
 public:
  Walker(const redact::Engine& engine, const redact::Policy& policy, const TextRules& rules,
         const std::atomic<bool>* cancel, MessageOutcome* out)
      : engine_(engine), policy_(policy), rules_(rules), cancel_(cancel), out_(out) {}

  // Returns false (with out_->reason set) when the message must not pass.
  bool Message(GMimeMessage* m, int depth) {
    if (const char* subject = g_mime_message_get_subject(m); subject && *subject) {
      if (!ScanText(subject, "subject")) return false;
    }
    GMimeObject* body = g_mime_message_get_mime_part(m);
    if (body == nullptr) return true;
    return Object(body, depth + 1);
  }

 private:
  bool Fail(std::string reason) {
    out_->reason = SafeReason(reason);
    return false;
  }

  bool Object(GMimeObject* obj, int depth) {
    if (cancel_ && cancel_->load()) return Fail("cancelled (time limit)");
    if (depth > kMaxDepth) return Fail("MIME nesting deeper than 16 levels");
    if (GMIME_IS_MESSAGE_PART(obj)) {
      GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
      if (inner == nullptr) return Fail("message/rfc822 part without a message");
      return Message(inner, depth);
    }
    if (GMIME_IS_MULTIPART(obj)) {
      GMimeMultipart* mp = GMIME_MULTIPART(obj);
      int n = g_mime_multipart_get_count(mp);
      for (int i = 0; i < n; ++i)
        if (!Object(g_mime_multipart_get_part(mp, i), depth + 1)) return false;
      return true;
    }
    if (GMIME_IS_PART(obj)) return Leaf(GMIME_PART(obj), depth);
    return Fail("MIME object of an unknown kind");
  }

  bool Leaf(GMimePart* part, int depth) {
    if (++out_->parts_total > kMaxParts) return Fail("more than 500 MIME parts");
    const int index = out_->parts_total;
    GMimeContentType* ct = g_mime_object_get_content_type(GMIME_OBJECT(part));
    std::string type = ct ? GStr(g_mime_content_type_get_mime_type(ct)).str() : "text/plain";
    std::transform(type.begin(), type.end(), type.begin(), ::tolower);
    const std::string where = "part " + std::to_string(index) + " (" + SafeToken(type) + ")";

    std::string bytes;
    try {
      bytes = DecodedContent(part);
    } catch (const std::exception&) {
      return Fail(where + ": content could not be decoded");
    }
    const DocKind kind = Sniff(bytes, type.rfind("text/", 0) != 0);
    const bool declared_doc = type == "application/pdf" || type.rfind("image/", 0) == 0;
    if (kind != DocKind::kNone || declared_doc) {
      if (kind == DocKind::kNone)
        return Fail(where + ": not a PDF, TIFF, PNG or JPEG document; cannot be redacted");
      if (!FileName(part)) return false;
      redact::RedactionReport report;
      auto result = engine_.RedactDocument(bytes, policy_, &report);
      if (!result.ok())
        return Fail(where + " " + KindName(kind) + ": " + result.status().message());
      for (int c = 0; c < redact::kCategoryCount; ++c) out_->counts[c] += report.counts[c];
      GRef<GMimeStream> ms(
          g_mime_stream_mem_new_with_buffer(result.value().data(), result.value().size()));
      GRef<GMimeDataWrapper> w(
          g_mime_data_wrapper_new_with_stream(ms.p, GMIME_CONTENT_ENCODING_DEFAULT));
      const bool had_version =
          g_mime_object_get_header(GMIME_OBJECT(part), "MIME-Version") != nullptr;
      g_mime_part_set_content(part, w.p);
      g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
      // GMime stamps a MIME-Version on a part whose content it replaced; inner parts had none.
      if (!had_version && depth > 1)
        g_mime_object_remove_header(GMIME_OBJECT(part), "MIME-Version");
      ++out_->parts_redacted;
      out_->changed = true;
      return true;
    }
    if (type.rfind("text/", 0) == 0) {
      if (!FileName(part)) return false;
      if (!rules_.scan || bytes.empty()) return true;
      std::string text;
      if (GMIME_IS_TEXT_PART(part)) {
        GStr t(g_mime_text_part_get_text(GMIME_TEXT_PART(part)));
        if (t.p == nullptr) return Fail(where + ": text in an unknown character set");
        text = t.str();
      } else {
        text = bytes;
      }
      if (type == "text/html") text = HtmlText(text);
      return ScanText(text, where);
    }
    if (bytes.empty()) return true;
    if (type == "application/pgp-signature" || type == "application/pkcs7-signature" ||
        type == "application/x-pkcs7-signature")
      return true;  // detached signatures: no document inside
    return Fail(where +
                ": attachment type cannot be redacted (archive, office file or "
                "unknown format)");
  }

  // An attachment's file name can itself name the person ("山田太郎様_通知.pdf"): such a name
  // is replaced by "attachment-N.ext".
  bool FileName(GMimePart* part) {
    if (!rules_.scan) return true;
    const char* name = g_mime_part_get_filename(part);
    if (name == nullptr || *name == 0) return true;
    std::string fname(name);
    auto found = engine_.Detect(fname, policy_);
    if (!found.ok()) return Fail("file name: " + found.status().message());
    if (found.value().empty()) return true;
    for (const auto& f : found.value()) ++out_->counts[static_cast<int>(f.category)];
    std::string ext;
    auto dot = fname.rfind('.');
    if (dot != std::string::npos && fname.size() - dot <= 6) {
      ext = fname.substr(dot);
      if (!std::all_of(ext.begin() + 1, ext.end(),
                       [](unsigned char c) { return std::isalnum(c) != 0; }))
        ext.clear();
    }
    ++out_->names_replaced;
    std::string replacement = "attachment-" + std::to_string(out_->names_replaced) + ext;
    g_mime_part_set_filename(part, replacement.c_str());
    out_->changed = true;
    return true;
  }

  bool ScanText(const std::string& text, const std::string& where) {
    if (!rules_.scan) return true;
    auto found = engine_.Detect(text, policy_);
    if (!found.ok()) return Fail(where + ": " + found.status().message());
    for (const auto& f : found.value()) {
      ++out_->text_counts[static_cast<int>(f.category)];
      if (std::find(rules_.hold_categories.begin(), rules_.hold_categories.end(), f.category) !=
          rules_.hold_categories.end())
        return Fail(where + " carries " + std::string(redact::CategoryName(f.category)) +
                    " in its text");
    }
    return true;
  }

  const redact::Engine& engine_;
  const redact::Policy& policy_;
  const TextRules& rules_;
  const std::atomic<bool>* cancel_;
  MessageOutcome* out_;
};

}  // namespace

void InitMime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

MessageOutcome RedactMessage(const redact::Engine& engine, std::string_view message,
                             const redact::Policy& policy, const TextRules& rules,
                             const std::atomic<bool>* cancel) {
  MessageOutcome out;
  try {
    InitMime();
    std::string lf = ToLf(message);
    GRef<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(lf.data(), lf.size()));
    GRef<GMimeParser> parser(g_mime_parser_new_with_stream(stream.p));
    GRef<GMimeMessage> msg(g_mime_parser_construct_message(parser.p, nullptr));
    if (msg.p == nullptr) {
      out.reason = "message could not be parsed as MIME";
      return out;
    }
    Walker walker(engine, policy, rules, cancel, &out);
    if (!walker.Message(msg.p, 0)) return out;
    if (out.changed) {
      GMimeFormatOptions* opts = g_mime_format_options_new();
      g_mime_format_options_set_newline_format(opts, GMIME_NEWLINE_FORMAT_UNIX);
      GStr written(g_mime_object_to_string(GMIME_OBJECT(msg.p), opts));
      g_mime_format_options_free(opts);
      std::string all = ToLf(written.str());
      auto split = all.find("\n\n");
      if (split == std::string::npos) {
        out.reason = "rewritten message has no body";
        return out;
      }
      out.new_body = ToCrlf(std::string_view(all).substr(split + 2));
      auto old_split = lf.find("\n\n");
      auto before = HeaderFields(std::string_view(lf).substr(
          0, old_split == std::string::npos ? lf.size() : old_split + 1));
      auto after = HeaderFields(std::string_view(all).substr(0, split + 1));
      for (const char* name :
           {"mime-version", "content-type", "content-transfer-encoding", "content-disposition"}) {
        auto find = [&](const auto& fields) {
          for (const auto& [n, v] : fields)
            if (n == name) return std::optional<std::string>(v);
          return std::optional<std::string>();
        };
        auto a = find(before), b = find(after);
        if (a != b) {
          static const std::pair<const char*, const char*> kCanon[] = {
              {"mime-version", "MIME-Version"},
              {"content-type", "Content-Type"},
              {"content-transfer-encoding", "Content-Transfer-Encoding"},
              {"content-disposition", "Content-Disposition"}};
          std::string canon = name;
          for (const auto& [l, c] : kCanon)
            if (canon == l) canon = c;
          out.header_changes.emplace_back(canon, b.value_or(""));
        }
      }
    }
    out.ok = true;
  } catch (const std::exception&) {
    out = MessageOutcome();
    out.reason = "internal error or out of memory while processing the message";
  }
  return out;
}

std::string SummaryHeader(const MessageOutcome& o) {
  std::string s = "redacted=" + std::to_string(o.parts_redacted);
  auto list = [](const int* counts) {
    std::string l;
    for (int c = 0; c < redact::kCategoryCount; ++c) {
      if (counts[c] == 0) continue;
      if (!l.empty()) l += ' ';
      l += std::string(redact::CategoryName(static_cast<redact::Category>(c))) + "=" +
           std::to_string(counts[c]);
    }
    return l;
  };
  std::string found = list(o.counts);
  if (!found.empty()) s += "; " + found;
  if (o.names_replaced) s += "; filenames=" + std::to_string(o.names_replaced);
  std::string text = list(o.text_counts);
  if (!text.empty()) s += "; text " + text;
  return s;
}

}  // namespace redact_milter
