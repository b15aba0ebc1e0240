#!/usr/bin/env bash
# Installs what a fresh Debian machine with the .NET SDK lacks. Idempotent.
# OpenBLAS is optional at run time (the managed GEMM is used without it), but the tests and
# `sharpalign bench gemm` compare against it, so we install it when we can.
set -euo pipefail
if ! ldconfig -p 2>/dev/null | grep -q 'libopenblas\.so\.0'; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing libopenblas0-pthread (Debian package)…" >&2
    (apt-get install -y -qq libopenblas0-pthread >/dev/null 2>&1) || \
      (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq libopenblas0-pthread >/dev/null 2>&1) || \
      echo "warning: could not install libopenblas0-pthread; the managed GEMM will be used alone" >&2
  else
    echo "warning: libopenblas.so.0 not found and not root; run: sudo apt-get install libopenblas0-pthread" >&2
  fi
fi
