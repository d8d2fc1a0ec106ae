#!/bin/sh
# Assembles the benchmark workloads (bench/workloads/*.S) into the committed ELF files next to them, with the
# GNU tools (Debian: binutils-riscv64-unknown-elf, and gcc-riscv64-unknown-elf for the C ones). `npm run bench` then needs no toolchain.
# Also builds alu-long.elf and mix-long.elf: alu and mix with ten times the iterations (2 to 5 s on the
# page), for `npm run bench:ui`'s sustained speed, where a run's start and end latency no longer count.
# Usage: bench/build-workloads.sh [OUTPUT_DIR]   (default: bench/workloads; the tests build into a temp dir
# to check that the committed files are up to date)
set -eu
cd "$(dirname "$0")/workloads"
dir=$(pwd)
out="${1:-.}"
mkdir -p "$out"
out=$(cd "$out" && pwd)

# build NAME ASM_SOURCE [C_SOURCE]: assemble (and compile) and link NAME.elf into $out. The sources are named
# relative to the current folder: the assembler and compiler record the name in the ELF's symbol table.
build() {
  riscv64-unknown-elf-as -march=rv64imac_zicsr_zifencei -mabi=lp64 -I "$dir" -o "$out/$1.o" "$2"
  objects="$out/$1.o"
  # A workload written in C is compiled for the hart (no F/D) and linked in.
  if [ $# -ge 3 ]; then
    riscv64-unknown-elf-gcc -O2 -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany \
      -ffreestanding -fno-builtin -nostdlib -I "$dir" -c -o "$out/$1-c.o" "$3"
    objects="$objects $out/$1-c.o"
  fi
  riscv64-unknown-elf-ld -T "$dir/link.ld" -o "$out/$1.elf" $objects
  rm -f $objects
  echo "built $1.elf"
}

for src in *.S; do
  case "$src" in *.inc.S) continue ;; esac
  name="${src%.S}"
  # A workload written in C (name.c beside name.S) is linked in.
  if [ -f "$name.c" ]; then build "$name" "$src" "$name.c"; else build "$name" "$src"; fi
done

# The long variants: the same sources with the iteration count (one line each) made ten times larger.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sed 's/^  \.equ ALU_ITERATIONS, 2000000$/  .equ ALU_ITERATIONS, 20000000/' alu.S > "$tmp/alu-long.S"
sed 's/^#define ROUNDS 400$/#define ROUNDS 4000/' mix.c > "$tmp/mix-long.c"
grep -q 'ALU_ITERATIONS, 20000000' "$tmp/alu-long.S" || { echo "alu.S: no ALU_ITERATIONS line to scale" >&2; exit 1; }
grep -q 'ROUNDS 4000' "$tmp/mix-long.c" || { echo "mix.c: no ROUNDS line to scale" >&2; exit 1; }
cp mix.S "$tmp/mix-long.S"
cd "$tmp"
build alu-long alu-long.S
build mix-long mix-long.S mix-long.c
