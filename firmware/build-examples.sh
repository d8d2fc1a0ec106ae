#!/bin/sh
# Assembles the example programs (firmware/examples/*.S) into the committed ELF files next to them, with the
# GNU tools (Debian: binutils-riscv64-unknown-elf). The page loads these prebuilt ELFs until hartscope's own
# assembler exists. No linker relaxation (-mno-relax, --no-relax): hartscope's assembler does not relax
# either, so it produces these same bytes.
# Usage: firmware/build-examples.sh [OUTPUT_DIR]   (default: firmware/examples; the tests build into a temp
# dir to check that the committed files are up to date)
set -eu
cd "$(dirname "$0")/examples"
out="${1:-.}"
mkdir -p "$out"
for src in *.S; do
  name="${src%.S}"
  riscv64-unknown-elf-as -march=rv64imac_zicsr_zifencei -mabi=lp64 -mno-relax -o "$out/$name.o" "$src"
  riscv64-unknown-elf-ld --no-relax -T link.ld -o "$out/$name.elf" "$out/$name.o"
  rm -f "$out/$name.o"
  echo "built $name.elf"
done
