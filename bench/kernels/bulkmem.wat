;; memory.copy and memory.fill: each round fills a 1 MiB region with a byte,
;; makes 2,000 copies and fills of pseudo-random sizes (1 to 4,096 bytes) at
;; pseudo-random, often overlapping, places, then moves 512 KiB forward and
;; back over itself. Small operations measure the cost of starting one,
;; large ones the speed of the copy. run(n) does n * 8 rounds and returns a
;; checksum of words read after each round.
(module
  (memory 17) ;; 1 MiB region at 64 KiB, plus room for the 512 KiB moves

  ;; xorshift32 on the global $seed
  (global $seed (mut i32) (i32.const 0x2545f491))
  (func $rand (result i32)
    (local $x i32)
    (local.set $x (global.get $seed))
    (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 13))))
    (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 17))))
    (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 5))))
    (global.set $seed (local.get $x))
    (local.get $x))

  (func $round (param $r i32) (result i32)
    (local $i i32) (local $len i32) (local $dst i32) (local $src i32) (local $h i32)
    (memory.fill (i32.const 0x10000) (local.get $r) (i32.const 0x100000))
    (loop $ops
      ;; len in [1, 4096]; dst and src anywhere in the 1 MiB region
      (local.set $len (i32.add (i32.and (call $rand) (i32.const 4095)) (i32.const 1)))
      (local.set $dst (i32.add (i32.const 0x10000) (i32.and (call $rand) (i32.const 0xfefff))))
      (local.set $src (i32.add (i32.const 0x10000) (i32.and (call $rand) (i32.const 0xfefff))))
      (if (i32.and (local.get $i) (i32.const 3))
        (then (memory.copy (local.get $dst) (local.get $src) (local.get $len)))
        (else (memory.fill (local.get $dst) (local.get $i) (local.get $len))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $ops (i32.lt_u (local.get $i) (i32.const 2000))))
    ;; a large overlapping move forward, then back
    (memory.copy (i32.const 0x10100) (i32.const 0x10000) (i32.const 0x80000))
    (memory.copy (i32.const 0x10000) (i32.const 0x10100) (i32.const 0x80000))
    ;; read a word every 4 KiB
    (local.set $h (i32.const 0x811c9dc5))
    (local.set $i (i32.const 0x10000))
    (loop $sum
      (local.set $h (i32.mul (i32.xor (local.get $h) (i32.load (local.get $i)))
                             (i32.const 16777619)))
      (local.set $i (i32.add (local.get $i) (i32.const 4093)))
      (br_if $sum (i32.lt_u (local.get $i) (i32.const 0x110000))))
    (local.get $h))

  (func (export "run") (param $n i32) (result i32)
    (local $r i32) (local $h i32)
    (global.set $seed (i32.const 0x2545f491))
    (local.set $h (i32.const 0x811c9dc5))
    (block $done
      (loop $rounds
        (br_if $done (i32.ge_u (local.get $r) (i32.mul (local.get $n) (i32.const 8))))
        (local.set $h (i32.mul (i32.xor (local.get $h) (call $round (local.get $r)))
                               (i32.const 16777619)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rounds)))
    (local.get $h)))
