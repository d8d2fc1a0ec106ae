#!/bin/sh
# Assembles the example programs (firmware/examples/*.S) into the committed ELF files next to them, with the
# GNU tools (Debian: binutils-riscv64-unknown-elf). No linker relaxation (-mno-relax, --no-relax):
# hartscope's assembler does not relax either, so it produces these same bytes (test/emulator/asm checks).
# Each example is linked by link.ld (bare metal at 0x80000000, like hello.S), unless its source names
# another script in a line "# Linker script: NAME.ld" (the S-mode examples: payload.ld, at 0x80200000).
# Usage: firmware/build-examples.sh [OUTPUT_DIR]   (default: firmware/examples; the tests build into a temp
# dir to check that the committed files are up to date)
set -eu
cd "$(dirname "$0")/examples"
out="${1:-.}"
mkdir -p "$out"
for src in *.S; do
  name="${src%.S}"
  script=$(sed -n 's/^# Linker script: \([A-Za-z0-9_.-]*\)$/\1/p' "$src" | head -n 1)
  riscv64-unknown-elf-as -march=rv64imac_zicsr_zifencei -mabi=lp64 -mno-relax -o "$out/$name.o" "$src"
  riscv64-unknown-elf-ld --no-relax -T "${script:-link.ld}" -o "$out/$name.elf" "$out/$name.o"
  rm -f "$out/$name.o"
  echo "built $name.elf"
done
