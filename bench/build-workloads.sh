#!/bin/sh
# Assembles the benchmark workloads (bench/workloads/*.S) into the committed ELF files next to them, with the
# GNU tools (Debian: binutils-riscv64-unknown-elf). `npm run bench` then needs no toolchain.
# Usage: bench/build-workloads.sh [OUTPUT_DIR]   (default: bench/workloads; the tests build into a temp dir
# to check that the committed files are up to date)
set -eu
cd "$(dirname "$0")/workloads"
out="${1:-.}"
mkdir -p "$out"
for src in *.S; do
  case "$src" in *.inc.S) continue ;; esac
  name="${src%.S}"
  riscv64-unknown-elf-as -march=rv64imac_zicsr_zifencei -mabi=lp64 -I . -o "$out/$name.o" "$src"
  riscv64-unknown-elf-ld -T link.ld -o "$out/$name.elf" "$out/$name.o"
  rm -f "$out/$name.o"
  echo "built $name.elf"
done
