# Start-up and console for the CoreMark-like mix; its `workload` is C, in mix.c (build-workloads.sh
# compiles it and links the two).
  .include "common.inc.S"
