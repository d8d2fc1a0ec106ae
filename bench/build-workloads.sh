#!/bin/sh
# Assembles the benchmark workloads (bench/workloads/*.S) into the committed ELF files next to them, with the
# GNU tools (Debian: binutils-riscv64-unknown-elf, and gcc-riscv64-unknown-elf for the C ones). `npm run bench` then needs no toolchain.
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
  objects="$out/$name.o"
  # A workload written in C (name.c beside name.S) is compiled for the hart (no F/D) and linked in.
  if [ -f "$name.c" ]; then
    riscv64-unknown-elf-gcc -O2 -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
      -ffreestanding -fno-builtin -nostdlib -c -o "$out/$name-c.o" "$name.c"
    objects="$objects $out/$name-c.o"
  fi
  riscv64-unknown-elf-ld -T link.ld -o "$out/$name.elf" $objects
  rm -f $objects
  echo "built $name.elf"
done
