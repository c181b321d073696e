/* libredact C ABI: for the mail gateway and for other languages.
 *
 * An engine is created once (dictionaries and the MeCab model load once) and is safe to use
 * from many threads at once. Every call that can fail returns 0 on success and non-zero on
 * failure, with a one-line reason in *error (never the personal data; free it with
 * redact_string_free). Outputs are released only when verified: on failure there is no
 * output. Nothing here writes files.
 *
 *   redact_engine* e = redact_engine_new(NULL, &err);
 *   redact_result* r = NULL;
 *   if (redact_buffer(e, pdf, pdf_len, NULL, &r, &err) == 0) {
 *     size_t n; const unsigned char* out = redact_result_data(r, &n);
 *     ... write out[0..n) ...; puts(redact_result_report_json(r));
 *     redact_result_free(r);
 *   }
 *   redact_engine_free(e);
 */
#ifndef REDACT_REDACT_H_
#define REDACT_REDACT_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct redact_engine redact_engine;
typedef struct redact_result redact_result;

/* Creates an engine. data_dir: the compiled dictionaries, or NULL for the default (the
 * REDACT_DATA_DIR environment variable, then the install location). NULL on failure. */
redact_engine* redact_engine_new(const char* data_dir, char** error);
void redact_engine_free(redact_engine* engine);

/* Redacts a document in memory (PDF, TIFF, PNG or JPEG). policy_json: a policy in the JSON
 * format of the README, or NULL for the default (every category). Thread-safe. */
int redact_buffer(const redact_engine* engine, const unsigned char* input, size_t input_len,
                  const char* policy_json, redact_result** result, char** error);

/* The redacted document; valid until redact_result_free. */
const unsigned char* redact_result_data(const redact_result* result, size_t* len);
/* What was done, as JSON: pages, counts per category, boxes. No personal data. */
const char* redact_result_report_json(const redact_result* result);
void redact_result_free(redact_result* result);

/* Finds personal information in UTF-8 text; *json_out receives
 * {"findings":[{"category":..,"start":..,"end":..,"score":..}]} (code point offsets, no
 * text). Free it with redact_string_free. */
int redact_detect_text(const redact_engine* engine, const char* utf8, const char* policy_json,
                       char** json_out, char** error);

void redact_string_free(char* s);

#ifdef __cplusplus
}
#endif

#endif /* REDACT_REDACT_H_ */
