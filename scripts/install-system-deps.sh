#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks to run, test and demo the plugin:
# QGIS with its Python bindings (PyQGIS, GDAL, requests, numpy come with it), venv, Xvfb, and Qt's lrelease
# (qttools5-dev-tools) that compiles the translations.
set -euo pipefail

packages=(qgis python3-qgis python3-gdal python3-cryptography gdal-bin python3-venv python3-pip xvfb xauth make git
    qttools5-dev-tools)

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "System packages already installed."
    exit 0
fi

echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
