/* The C ABI in use: redact IN to OUT and print the report, then detect in a sentence.
 * Built and run by the tests (tests/CMakeLists.txt, label capi). */
#include <redact/redact.h>

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s IN OUT\n", argv[0]);
    return 2;
  }
  char* err = NULL;
  redact_engine* engine = redact_engine_new(NULL, &err);
  if (engine == NULL) {
    fprintf(stderr, "engine: %s\n", err);
    redact_string_free(err);
    return 1;
  }
  FILE* f = fopen(argv[1], "rb");
  if (f == NULL) return 1;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  unsigned char* buf = malloc((size_t)n);
  if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) return 1;
  fclose(f);

  redact_result* result = NULL;
  if (redact_buffer(engine, buf, (size_t)n, NULL, &result, &err) != 0) {
    fprintf(stderr, "redact: %s\n", err);
    redact_string_free(err);
    free(buf);
    redact_engine_free(engine);
    return 1;
  }
  size_t len = 0;
  const unsigned char* out = redact_result_data(result, &len);
  FILE* o = fopen(argv[2], "wb");
  if (o == NULL || fwrite(out, 1, len, o) != len || fclose(o) != 0) return 1;
  printf("%s\n", redact_result_report_json(result));
  redact_result_free(result);
  free(buf);

  char* json = NULL;
  if (redact_detect_text(engine, "電話 090-1234-5678", NULL, &json, &err) != 0) return 1;
  printf("%s\n", json);
  redact_string_free(json);
  redact_engine_free(engine);
  return 0;
}
