#!/usr/bin/env bash
# Debian packages the suite needs: fonts with CJK, Hangul and Arabic glyphs, poppler (pdftoppm),
# promtool (prometheus), amtool (prometheus-alertmanager), docker-compose (config validation only; no engine needed), wrk (load
# benchmark) and chromium (browser tests).
set -euo pipefail
BRAND_FONTS="fonts-open-sans fonts-lato fonts-inter fonts-firacode fonts-ebgaramond fonts-cantarell fonts-league-spartan fonts-comfortaa fonts-lobster fonts-croscore fonts-jetbrains-mono fonts-cabin fonts-quicksand fonts-dosis fonts-manrope fonts-linuxlibertine fonts-lobstertwo fonts-fanwood fonts-gfs-didot fonts-roboto-unhinted fonts-droid-fallback"
need=()
command -v fc-list >/dev/null || need+=(fontconfig)
ldconfig -p | grep -c libcairo.so.2 >/dev/null || need+=(libcairo2)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v promtool >/dev/null || need+=(prometheus)
command -v amtool >/dev/null || need+=(prometheus-alertmanager)  # amtool check-config
command -v docker-compose >/dev/null || need+=(docker-compose)
command -v wrk >/dev/null || need+=(wrk)
command -v chromium >/dev/null || need+=(chromium)  # browser tests of the web app
# Container tests and `make images`: podman with runc (crun fails on hybrid cgroups), debootstrap to
# make the debian:bookworm-slim base where no registry can be reached, python3-venv for the wheels.
command -v podman >/dev/null || need+=(podman)
command -v runc >/dev/null || need+=(runc)
command -v debootstrap >/dev/null || need+=(debootstrap)
dpkg -s python3-venv >/dev/null 2>&1 || need+=(python3-venv)
command -v gs >/dev/null || need+=(ghostscript)  # the kit's EPS logo files are checked by running them
fc-list 2>/dev/null | grep -c NotoSansCJK >/dev/null || need+=(fonts-noto-cjk)
fc-list 2>/dev/null | grep -c NotoSansArabic >/dev/null || need+=(fonts-noto-core)
fc-list 2>/dev/null | grep -c DejaVuSans >/dev/null || need+=(fonts-dejavu-core)
# TrueType Hangul for the PDF (Noto Sans CJK is CFF, which ReportLab cannot embed at that size).
fc-list 2>/dev/null | grep -c NanumGothic >/dev/null || need+=(fonts-nanum)
# Open-licence brand typefaces the knowledge graph recommends (OFL, Apache, GPL+FE).
for pkg in $BRAND_FONTS; do dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg"); done
if ((${#need[@]})); then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
