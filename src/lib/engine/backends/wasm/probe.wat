;; The smallest module that uses a SIMD128 instruction: WebAssembly.validate on it tells
;; whether this engine has fixed-width SIMD before any kernel is compiled.
(module
  (func (result v128)
    (i32x4.splat (i32.const 0))))
