stdw [%r10-8], 7
ldxdw %r0, [%r10-8]
mov %r2, 3
lock fetch xor [%r10-8], %r2
mov %r1, 0
call 5
sdiv32 %r0, -1
jsgt32 %r0, 4, +1
be64 %r0
exit
