#!/usr/bin/env bash
# Makes the essay's fixtures in other formats from its Markdown, the
# built-in reading readings/glaser-2025-china-russia.md. Needs pandoc and
# LaTeX (Debian: apt-get install pandoc texlive-latex-recommended
# texlive-latex-extra texlive-fonts-recommended lmodern); the tests only
# read the committed results. Run from this folder: ./make.sh
set -euo pipefail
src=../../../readings/glaser-2025-china-russia.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The body without the front block (title, subtitle, author, date and the
# rule under them), which becomes metadata instead.
awk 'done {print; next} /^---$/ {done=1}' "$src" >"$tmp/body.md"
meta=(-M 'title=China-Russia Security Cooperation in the 2020s:'
      -M 'subtitle=BALANCING, WEDGING, BLOODLETTING, AND THE U.S. ROLE'
      -M 'author=Charles Glaser, MIT' -M 'date=November 2025' -M lang=en)

# PDF: two columns, a running header on every page but the first and the
# page number in the footer, as journals print them.
cat >"$tmp/header.tex" <<'TEX'
\usepackage{fancyhdr}
\pagestyle{fancy}
\fancyhf{}
\fancyhead[L]{\small Glaser: China-Russia Security Cooperation}
\fancyhead[R]{\small MIT, November 2025}
\fancyfoot[C]{\small \thepage}
\renewcommand{\headrulewidth}{0.4pt}
\fancypagestyle{plain}{\fancyhf{}\fancyfoot[C]{\small \thepage}\renewcommand{\headrulewidth}{0pt}}
TEX
pandoc -f markdown-smart "$tmp/body.md" "${meta[@]}" -o glaser.pdf --pdf-engine=pdflatex \
  -V classoption=twocolumn -V geometry:margin=2cm -V fontsize=10pt \
  -V papersize=a4 -H "$tmp/header.tex"

pandoc -f markdown-smart "$tmp/body.md" "${meta[@]}" -o glaser.docx
pandoc -f markdown-smart "$tmp/body.md" "${meta[@]}" -o glaser.epub --epub-chapter-level=2
pandoc -f markdown-smart "$tmp/body.md" "${meta[@]}" -s -o glaser.html \
  --metadata pagetitle='China-Russia Security Cooperation in the 2020s'

# Hostile and unusable files, each to be named with a reason while the
# other readings are indexed.
# A scan: one page holding only an image, no text layer.
python3 - "$tmp/scan.png" <<'PY'
import struct, sys, zlib
w, h = 400, 300
rows = b"".join(b"\x00" + bytes((x * 7 + y * 3) % 256 for x in range(w)) for y in range(h))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
printf '\\documentclass{article}\\usepackage{graphicx}\\pagestyle{empty}\\begin{document}\\includegraphics[width=\\textwidth]{scan.png}\\end{document}\n' >"$tmp/scan.tex"
(cd "$tmp" && pdflatex -interaction=batchmode scan.tex >/dev/null)
cp "$tmp/scan.pdf" scanned.pdf
# Encrypted: the essay behind a user password.
qpdf --encrypt secret secret 256 -- glaser.pdf encrypted.pdf
# A zip bomb: a DOCX whose document.xml inflates to 1 GiB.
python3 - bomb.docx <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    with z.open("word/document.xml", "w", force_zip64=True) as f:
        f.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
        chunk = b" " * (1 << 20)
        for _ in range(1024):
            f.write(chunk)
        f.write(b"</w:t></w:r></w:p></w:body></w:document>")
PY

# The benchmark's long PDF: the essay's body 150 times over, in the
# same two-column layout, about 300 pages.
for i in $(seq 150); do cat "$tmp/body.md"; echo; done >"$tmp/long.md"
pandoc -f markdown-smart "$tmp/long.md" "${meta[@]}" -o long.pdf --pdf-engine=pdflatex \
  -V classoption=twocolumn -V geometry:margin=2cm -V fontsize=10pt \
  -V papersize=a4 -H "$tmp/header.tex"
