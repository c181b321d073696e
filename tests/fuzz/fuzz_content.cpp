// Fuzz target: the content-stream lexer and serializer (pdf/content.cpp). Besides not
// crashing, what the redactor writes must parse back to the same operations: a rewritten
// page whose serialization reads differently would show different text than was checked.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "pdf/content.hpp"

namespace {
using redact::pdf::CObj;
using redact::pdf::Op;

bool Same(const CObj& a, const CObj& b) {
  if (a.type != b.type) return false;
  switch (a.type) {
    case CObj::Type::kNull: return true;
    case CObj::Type::kBool: return a.boolean == b.boolean;
    // The serializer writes six decimals (a micro-unit of user space): compare at that.
    case CObj::Type::kNumber: return std::fabs(a.number - b.number) <= 1e-6 * std::max(1.0, std::fabs(a.number));
    case CObj::Type::kName:
    case CObj::Type::kString: return a.text == b.text;
    case CObj::Type::kArray:
      if (a.items.size() != b.items.size()) return false;
      for (size_t i = 0; i < a.items.size(); ++i)
        if (!Same(a.items[i], b.items[i])) return false;
      return true;
    case CObj::Type::kDict:
      if (a.dict.size() != b.dict.size()) return false;
      for (size_t i = 0; i < a.dict.size(); ++i)
        if (a.dict[i].first != b.dict[i].first || !Same(a.dict[i].second, b.dict[i].second)) return false;
      return true;
  }
  return false;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto ops = redact::pdf::ParseContent(in);
  if (!ops.ok()) return 0;
  const std::string out = redact::pdf::SerializeContent(ops.value());
  auto again = redact::pdf::ParseContent(out);
  if (!again.ok()) {
    std::fprintf(stderr, "serialized content does not parse: %s\n", again.status().message().c_str());
    std::abort();
  }
  if (again.value().size() != ops.value().size()) {
    std::fprintf(stderr, "round trip changed the number of operations\n");
    std::abort();
  }
  for (size_t i = 0; i < ops.value().size(); ++i) {
    const Op& a = ops.value()[i];
    const Op& b = again.value()[i];
    bool same = a.name == b.name && a.args.size() == b.args.size() && a.inline_data == b.inline_data;
    for (size_t j = 0; same && j < a.args.size(); ++j) same = Same(a.args[j], b.args[j]);
    if (!same) {
      std::vector<Op> one = {a}, other = {b};
      std::fprintf(stderr, "round trip changed operation %zu:\n%s%s", i,
                   redact::pdf::SerializeContent(one).c_str(), redact::pdf::SerializeContent(other).c_str());
      std::abort();
    }
  }
  return 0;
}
