/**
 * A guest that visits every privilege mode, written so that the instructions each mode retires can be
 * counted by reading it (no pseudo-instruction with a variable expansion: only `la`, which is auipc + addi
 * in GNU as's non-PIC default). Shared by the tests of per-mode counts and of trap-return events.
 *
 * M: sets up PMP, stvec, medeleg (ecall from U goes to S), mtvec; loops 50 times; mret to S.
 * S: loops 30 times; sret to U.
 * U: loops 20 times; ecall -> S handler (loops 10 times, sepc += 4, sret) -> U: loops 5 times, two addi,
 *    then a load from address 0 (a load access fault, not delegated) -> M handler, which exits through the
 *    test finisher.
 */
export const MODE_GUEST = `
  addi t0, zero, -1          # M 1
  csrw pmpaddr0, t0          # M 2
  addi t0, zero, 0x1f        # M 3
  csrw pmpcfg0, t0           # M 4
  la t0, s_trap              # M 5, 6
  csrw stvec, t0             # M 7
  addi t0, zero, 1           # M 8
  slli t0, t0, 8             # M 9
  csrw medeleg, t0           # M 10 (bit 8: ecall from U)
  la t0, m_trap              # M 11, 12
  csrw mtvec, t0             # M 13
  addi t1, zero, 50          # M 14
m_loop:
  addi t1, t1, -1            # M 2 x 50 = 100
  bnez t1, m_loop
  addi t0, zero, 3           # M 115
  slli t0, t0, 11            # M 116
  csrc mstatus, t0           # M 117 (MPP = U)
  addi t0, zero, 1           # M 118
  slli t0, t0, 11            # M 119
  csrs mstatus, t0           # M 120 (MPP = S)
  la t0, s_main              # M 121, 122
  csrw mepc, t0              # M 123
m_ret:
  mret                       # M 124

s_main:
  addi t1, zero, 30          # S 1
s_loop:
  addi t1, t1, -1            # S 2 x 30 = 60
  bnez t1, s_loop
  addi t0, zero, 1           # S 62
  slli t0, t0, 8             # S 63
  csrc sstatus, t0           # S 64 (SPP = U)
  la t0, u_main              # S 65, 66
  csrw sepc, t0              # S 67
s_ret:
  sret                       # S 68

u_main:
  addi t1, zero, 20          # U 1
u_loop:
  addi t1, t1, -1            # U 2 x 20 = 40
  bnez t1, u_loop
u_ecall:
  ecall                      # traps (does not retire) -> s_trap
  addi t2, zero, 5           # U 42
u_loop2:
  addi t2, t2, -1            # U 2 x 5 = 10
  bnez t2, u_loop2
  addi a1, zero, 1           # U 53
  addi a2, zero, 2           # U 54
u_fault:
  ld t0, 0(zero)             # load access fault (does not retire) -> m_trap

  .align 2
s_trap:
  csrr t0, sepc              # S 69
  addi t0, t0, 4             # S 70
  csrw sepc, t0              # S 71
  addi t1, zero, 10          # S 72
s_trap_loop:
  addi t1, t1, -1            # S 2 x 10 = 20
  bnez t1, s_trap_loop
s_trap_ret:
  sret                       # S 93

  .align 2
m_trap:
  csrr t2, mcause            # M 125
  lui t0, 0x100              # M 126 (the test finisher, 0x100000)
  lui t1, 0x5                # M 127
  addi t1, t1, 0x555         # M 128 (0x5555: pass)
  sw t1, 0(t0)               # M 129: the machine exits
  j m_trap
`;

/** What each mode retires in MODE_GUEST, counted from the comments above. */
export const MODE_GUEST_RETIRED = { user: 54, supervisor: 93, machine: 129 };
