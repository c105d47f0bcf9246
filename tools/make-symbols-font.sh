#!/usr/bin/env bash
# Makes assets/fonts/NotoSansSymbols2-subset.ttf, the app's bundled fallback for the symbols
# data often holds and egui's fonts lack (✓ ✗ ★ ⚠ ☐ ▶ ● …): the arrows, technical, enclosed,
# box/shape, miscellaneous-symbol, dingbat and misc-arrow blocks of Noto Sans Symbols 2
# (SIL OFL 1.1, see assets/fonts/OFL.txt), from Debian's fonts-noto-core, via fontTools.
#   apt-get install -y fonts-noto-core && pip install fonttools
set -euo pipefail
cd "$(dirname "$0")/.."
src=/usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf
[[ -f $src ]] || { echo "$src missing: apt-get install -y fonts-noto-core" >&2; exit 1; }
py="${PYTHON:-python3}"
"$py" -m fontTools.subset "$src" \
  --unicodes="U+2190-21FF,U+2300-23FF,U+2460-24FF,U+2500-25FF,U+2600-26FF,U+2700-27BF,U+2B00-2BFF" \
  --layout-features='*' --no-hinting --desubroutinize \
  --output-file=assets/fonts/NotoSansSymbols2-subset.ttf
ls -l assets/fonts/NotoSansSymbols2-subset.ttf
