#!/usr/bin/env bash
# Builds .gpu-bench/ at the repository root: everything the WebGPU benchmark needs on a lent GPU
# machine that has Python but no Node, no browser and no network (issue 7.5), in one folder small
# enough to travel with the working tree (the device tool carries 64 MiB in all):
#
#   gpuNode.mjs                 bench/gpuNode.ts bundled by esbuild (tfjs, its webgpu backend, our
#                               src/, the `webgpu` package's loader); nothing else to install
#   dawn.node.xz                Dawn's Node binding (npm webgpu, linux-x64), xz-compressed: run.sh
#                               puts it where the bundled loader looks for it, dist/linux-x64/
#                               beside the bundle
#   node.xz                     this machine's Node binary (x86-64), xz-compressed
#   debs/*.deb                  the Vulkan loader (libvulkan1) and the GL dispatch libraries the
#                               NVIDIA driver's ICD loads, for machines without them
#   run.sh                      what the GPU machine runs (bench/device/run.sh)
#   COMMIT                      the commit the bundle was built from
#
# Usage: bash bench/device/pack.sh   (needs the network for the .deb files unless
# GPU_BENCH_DEBS=<folder> names a folder that holds them already)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
OUT="$ROOT/.gpu-bench"
cd "$ROOT"

arch="$(uname -m)"
if [ "$arch" != x86_64 ]; then
  echo "pack.sh: this machine is $arch; the GPU machine is x86-64 and needs x86-64 Node and dawn.node" >&2
  exit 1
fi
dawn="node_modules/webgpu/dist/linux-x64/dawn.node"
[ -f "$dawn" ] || { echo "pack.sh: $dawn is missing: run npm install (webgpu is a devDependency)" >&2; exit 1; }

rm -rf "$OUT"
mkdir -p "$OUT/debs"

# One ES module for Node 20. tfjs ships CommonJS for Node, which asks for Node's own modules with
# require(): an ES module has no require, so the banner makes one. import.meta.url inside the bundle
# is the bundle's own, so the `webgpu` loader finds dawn.node under dist/linux-x64/ beside it.
npx esbuild bench/gpuNode.ts --bundle --platform=node --format=esm --target=node20 \
  --outfile="$OUT/gpuNode.mjs" --log-level=warning --legal-comments=none \
  --banner:js="import { createRequire as __lrLabCreateRequire } from 'node:module'; const require = __lrLabCreateRequire(import.meta.url);"

# Compressed, both: 21 + 99 MB raw, 5 + 24 MB as xz -6.
node_bin="$(readlink -f "$(command -v node)")"
echo "pack.sh: compressing $dawn and $node_bin ($(node --version))"
xz -T2 -6 -c "$dawn" >"$OUT/dawn.node.xz"
# Node's takes over a minute on two cores: reused while the binary is the same.
node_cache="${TMPDIR:-/tmp}/lr-lab-node-$(node --version)-$(stat -c %s "$node_bin").xz"
if [ ! -s "$node_cache" ] || [ "$node_cache" -ot "$node_bin" ]; then
  xz -T2 -6 -c "$node_bin" >"$node_cache.part" && mv "$node_cache.part" "$node_cache"
fi
cp "$node_cache" "$OUT/node.xz"

debs=(libvulkan1 libglvnd0 libegl1 libgl1 libglx0 libgles2 libopengl0)
if [ -n "${GPU_BENCH_DEBS:-}" ]; then
  for d in "${debs[@]}"; do cp "$GPU_BENCH_DEBS"/"${d}"_*_amd64.deb "$OUT/debs/"; done
else
  # The x86-64 package lists in a folder of our own, so this works from any host architecture and
  # leaves the system's lists alone (the device README's recipe).
  lists="${TMPDIR:-/tmp}/lr-lab-apt-amd64"
  mkdir -p "$lists/partial"
  o=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 "-oDir::State::Lists=$lists")
  apt-get "${o[@]}" update -qq
  (cd "$OUT/debs" && apt-get "${o[@]}" download "${debs[@]}" 2>&1 | grep -v '^W: Download is performed unsandboxed' || true)
fi
for d in "${debs[@]}"; do
  ls "$OUT/debs/${d}"_*_amd64.deb >/dev/null || { echo "pack.sh: ${d} .deb missing" >&2; exit 1; }
done

# The commit the bundle was built from (and whether src/ or bench/ had changes), for the result file.
dirty="$(git status --porcelain -- src bench | wc -l)"
echo "$(git rev-parse --short HEAD)$([ "$dirty" = 0 ] || echo " + $dirty uncommitted change(s) under src/ or bench/")" \
  >"$OUT/COMMIT"
cp bench/device/run.sh "$OUT/run.sh"
chmod +x "$OUT/run.sh"

total=$(du -sb "$OUT" | cut -f1)
du -ah "$OUT" | sort -k2
echo "pack.sh: $OUT is $((total / 1024 / 1024)) MiB ($total bytes)"
if [ "$total" -gt $((60 * 1024 * 1024)) ]; then
  echo "pack.sh: over 60 MiB: it would not travel with the working tree" >&2
  exit 1
fi
