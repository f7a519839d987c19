# Shared by scripts/start.sh and scripts/test.sh: system libraries, then a virtual environment.
# shellcheck shell=bash

# Debian packages Qt needs: the first group for any Qt program (the offscreen tests too),
# the second for a real window on X11.
QT_BASE_PACKAGES="libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0"
QT_WINDOW_PACKAGES="libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
libxcb-randr0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 fonts-noto-cjk"

# LibreOffice converts generated reports to PDF in the tests (Word does it on office PCs), poppler-utils
# reads the lines of that PDF back (pdftotext), and LibreOffice writes
# registers as .xls and .ods for the import tests.
REPORT_TEST_PACKAGES="libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils"
# The certificate recognition tests draw certificates in a Chinese font.
CERTIFICATE_TEST_PACKAGES="fonts-noto-cjk"
# Certificate recognition: the engine, without its dependencies (it names opencv-python, whose Qt clashes
# with PySide6; the "ocr" extra brings opencv-python-headless and the rest). 1.4.x only: its models ship
# in the wheel, later releases download them at run time.
OCR_ENGINE="rapidocr-onnxruntime==1.4.4"

ensure_debian_packages() {
  command -v dpkg-query >/dev/null 2>&1 || return 0   # not Debian: nothing to do here
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "缺少系统软件包：${missing[*]}（请用 root 安装）" >&2; return 0
    fi
  fi
  echo "安装系统软件包：${missing[*]}"
  # Another apt (unattended upgrades, a second session) may hold the lock: wait for it, up to 10 minutes.
  $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null
}

# ensure_venv EXTRA: .venv with the project installed (EXTRA is "" or "[test]"),
# reinstalled only when pyproject.toml changed.
ensure_venv() {
  local extra="$1"
  local python="${PYTHON:-python3}"
  [ -x .venv/bin/python ] || "$python" -m venv .venv
  local stamp=".venv/.installed${extra//[^a-z]/-}"
  local want
  want=$(sha256sum pyproject.toml | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".${extra}"
    case "$extra" in
      *test*|*ocr*) .venv/bin/python -m pip install -q --no-deps "$OCR_ENGINE" ;;
    esac
    echo "$want" > "$stamp"
  fi
}
