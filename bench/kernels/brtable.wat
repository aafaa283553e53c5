;; A br_table interpreter loop: a small stack-machine bytecode interpreter
;; whose dispatch is one br_table over the opcode, the shape of every
;; bytecode VM compiled to WebAssembly. The bytecode program (in the data
;; segment below) runs a loop n times; its operand stack and registers live
;; in linear memory. run(n) returns what the program leaves: r1 xor r2.
;;
;; Encoding: one opcode byte, then an immediate for PUSH (i32, 4 bytes),
;; LOAD/STORE (register number, 1 byte) and JMP/JNZ/JZ (u16 target).
;;
;;   0 HALT   1 PUSH   2 LOAD   3 STORE  4 ADD    5 SUB    6 MUL
;;   7 XOR    8 AND    9 SHRU  10 SHL   11 DUP   12 DROP  13 JMP
;;  14 JNZ   15 JZ    16 LTU   17 SWAP
;;
;; The program (byte offsets on the left):
;;
;;    0      LOAD 0; JZ done                      ; r0 = n, set by run
;;    5      PUSH 0; STORE 1; PUSH 0; STORE 2
;;   19 loop: LOAD 1; PUSH 31; MUL; LOAD 0; LOAD 0; PUSH 3; SHRU; XOR; ADD
;;           STORE 1                              ; r1 = r1*31 + (r0 ^ r0>>3)
;;           LOAD 2; LOAD 1; PUSH 255; AND; ADD; STORE 2  ; r2 += r1 & 255
;;           LOAD 1; PUSH 7; AND; JNZ skip
;;           LOAD 2; PUSH 1; SHL; LOAD 2; SWAP; SUB; STORE 2  ; r2 = r2 - 2*r2
;;   79 skip: LOAD 0; PUSH 1; SUB; DUP; STORE 0; JNZ loop
;;   93 done: LOAD 1; LOAD 2; XOR; HALT
(module
  (memory 1)
  (data (i32.const 0)
    "\02\00\0f\5d\00\01\00\00\00\00\03\01\01\00\00\00\00\03\02\02\01\01\1f\00"
    "\00\00\06\02\00\02\00\01\03\00\00\00\09\07\04\03\01\02\02\02\01\01\ff\00"
    "\00\00\08\04\03\02\02\01\01\07\00\00\00\08\0e\4f\00\02\02\01\01\00\00\00"
    "\0a\02\02\11\05\03\02\02\00\01\01\00\00\00\05\0b\03\00\0e\13\00\02\01\02"
    "\02\07\00")

  ;; registers: 16 x i32 at 256; operand stack: i32 slots growing down from
  ;; 4096, $sp pointing at the top element (so operands sit at positive offsets)
  (global $regs i32 (i32.const 256))
  (global $stack i32 (i32.const 4096))

  (func $interpret (param $pc i32) (result i32)
    (local $sp i32) (local $a i32)
    (local.set $sp (global.get $stack))
    (loop $next
      (block $swap (block $ltu (block $jz (block $jnz (block $jmp (block $drop
      (block $dup (block $shl (block $shru (block $and (block $xor (block $mul
      (block $sub (block $add (block $store (block $load (block $push
      (block $halt
        (br_table $halt $push $load $store $add $sub $mul $xor $and $shru
                  $shl $dup $drop $jmp $jnz $jz $ltu $swap $halt
          (i32.load8_u (local.get $pc))))
      ;; HALT: return the top of the stack
      (return (i32.load (local.get $sp))))
      ;; PUSH imm32
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp) (i32.load offset=1 (local.get $pc)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 5)))
      (br $next))
      ;; LOAD r
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp)
        (i32.load (i32.add (global.get $regs)
          (i32.shl (i32.load8_u offset=1 (local.get $pc)) (i32.const 2)))))
      (local.set $pc (i32.add (local.get $pc) (i32.const 2)))
      (br $next))
      ;; STORE r
      (i32.store (i32.add (global.get $regs)
          (i32.shl (i32.load8_u offset=1 (local.get $pc)) (i32.const 2)))
        (i32.load (local.get $sp)))
      (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 2)))
      (br $next))
      ;; ADD: second operand on top
      (i32.store offset=4 (local.get $sp)
        (i32.add (i32.load offset=4 (local.get $sp)) (i32.load (local.get $sp))))
      (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; SUB: second operand on top
      (i32.store offset=4 (local.get $sp)
        (i32.sub (i32.load offset=4 (local.get $sp)) (i32.load (local.get $sp))))
      (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; MUL: second operand on top
      (i32.store offset=4 (local.get $sp)
        (i32.mul (i32.load offset=4 (local.get $sp)) (i32.load (local.get $sp))))
      (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; XOR: second operand on top
      (i32.store offset=4 (local.get $sp)
        (i32.xor (i32.load offset=4 (local.get $sp)) (i32.load (local.get $sp))))
      (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; AND: second operand on top
      (i32.store offset=4 (local.get $sp)
        (i32.and (i32.load offset=4 (local.get $sp)) (i32.load (local.get $sp))))
      (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; SHRU: second operand on top
      (i32.store offset=4 (local.get $sp)
        (i32.shr_u (i32.load offset=4 (local.get $sp)) (i32.load (local.get $sp))))
      (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; SHL: second operand on top
      (i32.store offset=4 (local.get $sp)
        (i32.shl (i32.load offset=4 (local.get $sp)) (i32.load (local.get $sp))))
      (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; DUP
      (local.set $sp (i32.sub (local.get $sp) (i32.const 4)))
      (i32.store (local.get $sp) (i32.load offset=4 (local.get $sp)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; DROP
      (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
      ;; JMP target
      (local.set $pc (i32.load16_u offset=1 (local.get $pc)))
      (br $next))
      ;; JNZ target: pop; jump when non-zero
      (local.set $a (i32.load (local.get $sp)))
      (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
      (local.set $pc
        (select (i32.load16_u offset=1 (local.get $pc))
                (i32.add (local.get $pc) (i32.const 3))
                (local.get $a)))
      (br $next))
      ;; JZ target: pop; jump when zero
      (local.set $a (i32.load (local.get $sp)))
      (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
      (if (i32.eqz (local.get $a))
        (then (local.set $pc (i32.load16_u offset=1 (local.get $pc))))
        (else (local.set $pc (i32.add (local.get $pc) (i32.const 3)))))
      (br $next))
      ;; LTU: second operand on top
      (i32.store offset=4 (local.get $sp)
        (i32.lt_u (i32.load offset=4 (local.get $sp)) (i32.load (local.get $sp))))
      (local.set $sp (i32.add (local.get $sp) (i32.const 4)))
      (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
      (br $next))
    ;; SWAP
    (local.set $a (i32.load (local.get $sp)))
    (i32.store (local.get $sp) (i32.load offset=4 (local.get $sp)))
    (i32.store offset=4 (local.get $sp) (local.get $a))
    (local.set $pc (i32.add (local.get $pc) (i32.const 1)))
    (br $next))
    unreachable)

  (func (export "run") (param $n i32) (result i32)
    (i32.store (global.get $regs) (local.get $n))
    (call $interpret (i32.const 0))))
