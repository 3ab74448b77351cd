#!/usr/bin/env bash
# System packages the readers use for scans, PDF pages and old Word files: Tesseract with its Vietnamese model,
# poppler-utils (pdftoppm renders PDF pages for OCR) and antiword (.doc). Idempotent: installs only what is
# missing. As root it runs apt-get; otherwise it prints the command to run. Nothing else in kg needs them:
# without them the readers skip scans and .doc files with this same hint.
set -euo pipefail

packages=(tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng poppler-utils antiword)
missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if [ "${#missing[@]}" -eq 0 ]; then
    echo "system packages present: ${packages[*]}"
    exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "missing system packages: ${missing[*]}" >&2
    echo "install them with: sudo apt-get install ${missing[*]}" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "installed: ${missing[*]}"
