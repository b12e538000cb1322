mov %r0, 1
add %r0, %r1
exit
