#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a built tree: installs every dependency
# (Debian packages; npm for the postal-code data) and builds into build/.
set -euo pipefail
cd "$(dirname "$0")"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

PACKAGES=(
  build-essential cmake pkg-config python3
  libre2-dev libutf8proc-dev nlohmann-json3-dev libcli11-dev libssl-dev
  libmecab-dev mecab mecab-ipadic mecab-ipadic-utf8
  libpodofo-dev libtesseract-dev libleptonica-dev libjbig2dec0-dev libopenjp2-7-dev libtiff-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  # Independent checkers and sample fonts for the tests.
  poppler-utils qpdf tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert fonts-ipaexfont
  python3-fonttools
  python3-pil img2pdf jbig2dec fonts-seto fonts-kiloji
  # Mail gateway (#6): libmilter, GMime, and a real Postfix + swaks for the loopback tests.
  libmilter-dev libgmime-3.0-dev postfix swaks
  # Clerk page (#7): cpp-httplib server, minizip for "download all", Debian chromium for Playwright.
  libcpp-httplib-dev libminizip-dev chromium
  # Hardening (#8): clang's libFuzzer and sanitizer runtimes.
  clang libclang-rt-14-dev
)
# Node.js and npm fetch the postal-code data at build time; use the machine's if present.
if ! command -v npm >/dev/null 2>&1; then PACKAGES+=(nodejs npm); fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DREDACT_SANITIZER_TREE="$PWD/build-asan"
cmake --build build -j"$(nproc)"

# Hardening (#8): the same sources with clang, ASan + UBSan and libFuzzer hooks, in build-asan/.
# The main tree's tests labelled 'sanitizers' and 'fuzz' run its binaries.
CC=clang CXX=clang++ cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DREDACT_SANITIZE=address,undefined -DREDACT_FUZZ=ON -DREDACT_BUILD_BENCH=OFF
cmake --build build-asan -j"$(nproc)"
