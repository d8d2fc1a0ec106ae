.option rvc
mv a0, zero
mv a0, a1
addi a0, a0, 0
addi a0, a1, 0
add a0, a0, 0
add a0, zero, a1
addi x0, x0, 0
li a0, 0
li x0, 5
li a0, 4096
li a0, 0x12345678
li a0, 0x123456789abcdef0
li a0, -1
li t0, 0x80000000
li t0, 0xffffffff
li t0, 0x7ffff800
beq a0, zero, 1f
beq zero, a0, 1f
jal x0, 1f
1: nop
sext.w a0, a0
addiw a0, a0, 0
neg a0, a1
and a0, a0, 3
addi sp, sp, 16
addi sp, sp, 32
add a0, sp, 16
ebreak
jr ra
jalr a0
jalr ra, a0
jalr ra, 0(a0)
ret
fence
fence rw, w
csrr a0, 0x300
csrw cycle, a0
csrwi mstatus, 3
rdtime a0
