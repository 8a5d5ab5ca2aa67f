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
