;; Not a kernel: the smallest module with a `run` export. The start-up
;; benchmark subtracts each engine's whole-process time on this module
;; (process start, runtime set-up) from its time on the large module.
(module
  (func (export "run") (param i32) (result i32)
    (local.get 0)))
