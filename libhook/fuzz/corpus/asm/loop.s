loop:
ldxb %r2, [%r1+0]
add %r0, %r2
add %r1, 1
sub %r3, 1
jne %r3, 0, loop
lock fetch add [%r10-8], %r0
lddw %r4, 0x123456789
call local f
exit
f:
mov32 %r0, -1
exit
