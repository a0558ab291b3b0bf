#!/usr/bin/env bash
# Install the Debian packages a feature needs when we can (root with apt), otherwise
# say which ones are missing. Usage: system-deps.sh weasyprint|chromium|redis|libreoffice|postgresql
set -u
case "${1:-}" in
  # fonts-dejavu-core, fonts-symbola and fonts-noto-color-emoji: the PDF prints Greek, Cyrillic,
  # Hebrew and Arabic letters, symbols and emoji that people type, not empty boxes. libcairo2:
  # CairoSVG draws the charts as pictures for the Word files.
  weasyprint) packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core fonts-symbola fonts-noto-color-emoji poppler-utils libcairo2) ;;
  chromium) packages=(chromium) ;;
  redis) packages=(redis-server) ;;  # the tests start their own, for the Redis cache test
  # The test that opens the Word report in LibreOffice (skipped, saying why, without it).
  libreoffice) packages=(libreoffice-writer-nogui) ;;
  postgresql) packages=(postgresql-15) ;;  # make serve, make bench and the live tests
  *) echo "usage: $0 weasyprint|chromium|redis|libreoffice|postgresql" >&2; exit 2 ;;
esac

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} with apt-get ..."
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >/tmp/auditportal-apt.log 2>&1 && exit 0
  echo "apt-get could not install ${missing[*]}; see /tmp/auditportal-apt.log" >&2
fi
echo "Missing system packages: ${missing[*]}." >&2
echo "Install them with: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
exit 1
