// Uses only the installed public header: finds a phone number and prints its category.
#include <redact/redact.hpp>

#include <cstdio>

int main() {
  auto engine = redact::Engine::Create();
  if (!engine.ok()) {
    std::fprintf(stderr, "%s\n", engine.status().message().c_str());
    return 1;
  }
  auto found = engine.value()->Detect("電話 090-1234-5678", redact::Policy::Default());
  if (!found.ok() || found.value().size() != 1) return 1;
  std::printf("%s\n", std::string(redact::CategoryName(found.value()[0].category)).c_str());
  return 0;
}
