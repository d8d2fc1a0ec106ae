# sbi-macros.S: macros the SBI test payloads share; included at the top of a payload (sbi-lib.S, at its end,
# holds the functions they call).
#   sbi_call EID, FID   a7 = EID, a6 = FID, ecall: the SBI implementation answers with a0 = error, a1 = value
#   print_str LABEL     print a NUL-terminated string (puts)

  .macro sbi_call eid, fid
  li a7, \eid
  li a6, \fid
  ecall
  .endm

  .macro print_str label
  la a0, \label
  call puts
  .endm

