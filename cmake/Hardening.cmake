# Hardening builds (issue #8): sanitizers for the whole tree and libFuzzer targets.
#   -DREDACT_SANITIZE=address,undefined   every target compiled and linked with these
#                                         sanitizers; any report aborts (-fno-sanitize-recover)
#   -DREDACT_FUZZ=ON                      (clang only) coverage instrumentation everywhere and
#                                         the fuzz_<parser> programs of tests/fuzz/
# Used by setup.sh for build-asan/ (clang, both on); the default build has neither.
set(REDACT_SANITIZE "" CACHE STRING "Comma-separated -fsanitize= list for every target (empty: none)")
option(REDACT_FUZZ "Build the libFuzzer targets (needs clang)" OFF)

if(REDACT_SANITIZE)
  add_compile_options(-fsanitize=${REDACT_SANITIZE} -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${REDACT_SANITIZE} -fno-sanitize-recover=all)
  # A C program (tests/capi) linking the C++ library needs clang's C++ UBSan runtime (vptr).
  if(CMAKE_C_COMPILER_ID STREQUAL "Clang")
    add_link_options($<$<LINK_LANGUAGE:C>:-fsanitize-link-c++-runtime> $<$<LINK_LANGUAGE:C>:-lstdc++>)
  endif()
endif()

if(REDACT_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "REDACT_FUZZ needs clang (CMAKE_CXX_COMPILER=clang++)")
  endif()
  # The library and everything else get coverage hooks; only the fuzz programs link the
  # libFuzzer driver (-fsanitize=fuzzer, in tests/fuzz/CMakeLists.txt).
  add_compile_options(-fsanitize=fuzzer-no-link)
  add_link_options(-fsanitize=fuzzer-no-link)
endif()
