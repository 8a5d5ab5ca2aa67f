#!/usr/bin/env bash
# citebot's test command: vet, the whole test suite under the race
# detector, then every fuzz target for a short bounded time.
# FUZZTIME=30s ./test.sh fuzzes longer; FUZZTIME=0 skips fuzzing.
set -euo pipefail
cd "$(dirname "$0")"

go vet ./...
# PDFium's WebAssembly is compiled once into the user cache (see
# corpus/pdfium.go); compiled without the race detector it takes a tenth of
# the time, so one PDF test fills the cache before the race run reads it
# (on a machine without the cache, 44 s less per package that reads PDFs).
go test -count=1 -run '^TestPDFPageIsWherePrinted$' ./corpus >/dev/null
go test -race -count=1 -timeout 15m ./...

fuzztime="${FUZZTIME:-8s}"
# fuzz PKG TARGET fuzzes one target for $fuzztime, its output in $out.
fuzz() { out=$(go test -run='^$' -fuzz="^$2\$" -fuzztime="$fuzztime" "$1" 2>&1); }
if [ "$fuzztime" != "0" ]; then
  # Each fuzz target is run on its own: go test -fuzz takes one at a time.
  grep -rl --include='*_test.go' '^func Fuzz' . | sort | while read -r file; do
    pkg="./$(dirname "${file#./}")"
    for target in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$file" | sed 's/^func //'); do
      echo "fuzz $pkg $target ($fuzztime)"
      if ! fuzz "$pkg" "$target"; then
        # Go before 1.27 can fail a target with a bare "context deadline
        # exceeded" when -fuzztime ends mid-execution (go.dev/issue/75804):
        # nothing was found, so it is run once more. A real finding writes
        # its input ("Failing input written to …") and fails at once.
        if grep -q 'context deadline exceeded' <<<"$out" && ! grep -q 'Failing input written' <<<"$out"; then
          echo "fuzz $pkg $target: stopped at the time limit without a finding (go.dev/issue/75804); once more"
          if fuzz "$pkg" "$target"; then
            continue
          fi
        fi
        printf '%s\n' "$out"
        exit 1
      fi
    done
  done
fi
echo "all tests passed"
