#!/usr/bin/env bash
# Sets up tsnas on a fresh Debian machine: apt packages (via sudo when not root), npm ci, addon + TypeScript build.
# Idempotent: each step is skipped when already done. Fails with a message naming the step that failed.
set -uo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== tsnas setup: %s\n' "$*"; }
die() { printf '\ntsnas setup FAILED at: %s\n%s\n' "$1" "${2:-}" >&2; exit 1; }

# Packages: the CPU libtorch and the Gloo headers its torch.distributed needs (unless another libtorch is chosen), the
# Fashion-MNIST files of the quick start, Debian's PyTorch for the parity tests and benchmarks, its protobuf for reading
# TensorBoard event files back in the tests, Debian's chromium for
# the board's browser tests (puppeteer-core downloads no browser), and the build tools.
pkgs=(dataset-fashion-mnist python3-torch python3-protobuf python3-pil chromium cmake g++ make)
if [ -z "${LIBTORCH:-}" ] && [ "${LIBTORCH_USE_PYTORCH:-}" != "1" ]; then pkgs+=(libtorch-dev libgloo-dev); fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=(); elif command -v sudo >/dev/null; then SUDO=(sudo); else
    die "apt install" "Not root and no sudo. Install as root: apt-get install -y ${missing[*]}"
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq || die "apt-get update" "Check the network / apt sources."
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    || die "apt-get install ${missing[*]}" "The apt output above says why."
fi

command -v node >/dev/null || die "node" "Node.js >= 20 is required (https://nodejs.org or Debian's nodejs)."
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 20 ? 0 : 1)' \
  || die "node version" "Node.js >= 20 is required, found $(node --version)."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  npm ci --no-audit --no-fund || die "npm ci" "The npm output above says why."
fi

if [ ! -f native/build/Release/tsnas_native.node ] || [ -n "$(find native/src native/CMakeLists.txt -newer native/build/Release/tsnas_native.node 2>/dev/null | head -1)" ]; then
  step "building the native addon (libtorch; takes a few minutes the first time)"
  npm run -s build:native || die "native addon build" "See the compiler output above."
fi

step "compiling TypeScript"
npm run -s build:ts || die "TypeScript build" "See the tsc output above."
step "ready"
