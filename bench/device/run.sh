#!/usr/bin/env bash
# The WebGPU benchmark on a lent GPU machine, from the folder bench/device/pack.sh builds:
#
#   .gpu-bench/run.sh OUTDIR
#
# Unpacks Node and Dawn to /tmp, makes sure a Vulkan loader is there (unpacking the carried .deb files into /
# only where the system has none and we are root), prints what the machine says of its GPU, then
# runs the bundled bench/gpuNode.ts, which writes OUTDIR/gpu-device.json (row by row, so a run cut
# short still leaves its rows) and this log as OUTDIR/gpu-bench.log.
#
# If Dawn finds no adapter with the system's Vulkan drivers, it retries with the NVIDIA ICD the
# device README names. For a check on a machine without a GPU, point it at SwiftShader instead; then
# nothing is unpacked into /:
#   GPU_BENCH_ICD=/usr/lib/chromium/vk_swiftshader_icd.json LD_LIBRARY_PATH=/usr/lib/chromium \
#     .gpu-bench/run.sh /tmp/out
# GPU_BENCH_* variables (bench/gpuNode.ts) pass through: a shorter plan for such a check, say.
set -u
HERE="$(cd "$(dirname "$0")" && pwd)"
OUTDIR="${1:?usage: run.sh OUTDIR}"
mkdir -p "$OUTDIR"
OUTDIR="$(cd "$OUTDIR" && pwd)"
main() {
  NV_ICD="${GPU_BENCH_NV_ICD:-/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json}"
  echo "== machine: $(uname -srm), $(nproc) CPUs, $(date -u +%FT%TZ)"
  if command -v nvidia-smi >/dev/null; then timeout 30 nvidia-smi -L; else echo "nvidia-smi: not present"; fi

  # Vulkan loader: the system's, else LD_LIBRARY_PATH's (the local check), else the carried one.
  has_loader() {
    ldconfig -p 2>/dev/null | grep -q 'libvulkan\.so\.1 ' && return 0
    local d
    for d in ${LD_LIBRARY_PATH//:/ }; do [ -e "$d/libvulkan.so.1" ] && return 0; done
    return 1
  }
  if [ -n "${GPU_BENCH_ICD:-}" ]; then
    echo "== Vulkan ICD from GPU_BENCH_ICD: $GPU_BENCH_ICD (nothing unpacked)"
    export VK_DRIVER_FILES="$GPU_BENCH_ICD" VK_ICD_FILENAMES="$GPU_BENCH_ICD"
  elif ! has_loader; then
    if [ "$(id -u)" = 0 ]; then
      echo "== no Vulkan loader: unpacking the carried .deb files into /"
      for f in "$HERE"/debs/*.deb; do dpkg -x "$f" /; done
      ldconfig
    else
      echo "== no Vulkan loader, and not root: cannot unpack the carried one"
    fi
  fi
  ldconfig -p 2>/dev/null | grep -E 'libvulkan\.so\.1|libGLX_nvidia|libGLdispatch' || true
  ls /usr/share/vulkan/icd.d /etc/vulkan/icd.d "$(dirname "$NV_ICD")" 2>/dev/null || true
  if command -v vulkaninfo >/dev/null; then timeout 30 vulkaninfo --summary 2>&1 | head -60; else echo "vulkaninfo: not present"; fi

  # Node and dawn.node, unpacked to /tmp beside a copy of the bundle (whose loader looks for
  # dist/linux-x64/dawn.node next to itself), with xz or, where xz is missing, Python's lzma.
  WORK="$(mktemp -d /tmp/lr-lab-dawn-bench.XXXXXX)"
  trap 'rm -rf "$WORK"' EXIT
  NODE="$WORK/node"
  unxz_to() {
    if command -v xz >/dev/null; then
      xz -dc "$1" >"$2.part"
    else
      python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' \
        "$1" "$2.part"
    fi && mv "$2.part" "$2"
  }
  mkdir -p "$WORK/dist/linux-x64"
  { unxz_to "$HERE/node.xz" "$NODE" && chmod +x "$NODE"; } || exit 1
  unxz_to "$HERE/dawn.node.xz" "$WORK/dist/linux-x64/dawn.node" || exit 1
  cp "$HERE/gpuNode.mjs" "$WORK/gpuNode.mjs"
  echo "== node $("$NODE" --version)"

  if command -v nvidia-smi >/dev/null; then
    # A GPU is there: a CPU adapter (a Mesa lavapipe ICD found first, say) counts as none, so the
    # retry below looks for the NVIDIA driver's.
    export GPU_BENCH_REQUIRE_GPU=1
    GPU_BENCH_GPU="$(timeout 30 nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null | head -1 |
      sed 's/, \(.*\)$/ (driver \1)/')"
    export GPU_BENCH_GPU
  fi
  GPU_BENCH_MACHINE="${GPU_BENCH_MACHINE:-$(hostname)}"
  export GPU_BENCH_MACHINE

  [ -f "$HERE/COMMIT" ] && GPU_BENCH_COMMIT="$(cat "$HERE/COMMIT")" && export GPU_BENCH_COMMIT

  bench() {
    echo "== bench/gpuNode.ts (VK_DRIVER_FILES=${VK_DRIVER_FILES:-system default})"
    "$NODE" "$WORK/gpuNode.mjs" "$OUTDIR/gpu-device.json"
  }
  bench
  rc=$?
  if [ "$rc" = 3 ] && [ -z "${GPU_BENCH_ICD:-}" ] && [ -f "$NV_ICD" ]; then
    echo "== no GPU adapter with the default drivers: again with $NV_ICD"
    export VK_DRIVER_FILES="$NV_ICD" VK_ICD_FILENAMES="$NV_ICD"
    # Where the ICD's library (libGLX_nvidia.so.0) lives, should the linker's cache not name it.
    for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do
      [ -d "$d" ] && export LD_LIBRARY_PATH="$d${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    done
    bench
    rc=$?
  fi
  echo "== exit $rc; result in $OUTDIR/gpu-device.json"
  return "$rc"
}

# The log goes to OUTDIR too; the exit status is main's, not tee's.
main 2>&1 | tee "$OUTDIR/gpu-bench.log"
exit "${PIPESTATUS[0]}"
