#!/usr/bin/env bash
# The browser benchmark on a real GPU: Chromium with Vulkan for WebGL2 (ANGLE) and WebGPU
# (Dawn), no SwiftShader. For a machine that has a GPU and its Vulkan driver; nothing else
# in the project needs one.
#
#   scripts/gpu-check.sh [bench:browser options, e.g. --rounds 7 --only mlp]
#
# It first prints what the machine offers (nvidia-smi, vulkaninfo when installed), then
# runs `npm run bench:browser -- --gpu`, whose first lines name the WebGL2 renderer and the
# WebGPU adapter Chromium really got: if they say SwiftShader, llvmpipe or "fallback
# adapter", Chromium did not reach the GPU and the figures are the CPU's.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
else
  echo "gpu-check: no nvidia-smi here (not an NVIDIA machine, or no driver)"
fi
if command -v vulkaninfo >/dev/null 2>&1; then
  vulkaninfo --summary 2>/dev/null | grep -E 'deviceName|driverName|apiVersion' || true
else
  echo "gpu-check: no vulkaninfo (package vulkan-tools); Chromium needs a Vulkan driver (NVIDIA's ICD) for WebGPU"
fi

exec npm run bench:browser -- --gpu "$@"
