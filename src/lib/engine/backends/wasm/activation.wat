;; Activations and their derivatives, softmax and its cross-entropy, on float32 arrays in
;; the shared memory. Addresses are in bytes.
;;
;; WebAssembly has no exp or log instruction, so both are written here, four lanes at a
;; time, the way C libraries do it (Cephes expf and logf): reduce the argument to a small
;; range with the float's exponent bits, then a short polynomial. Both are within a few
;; ulps of the correctly rounded result over the whole float range, including overflow
;; to Infinity, underflow through the subnormals to 0, and NaN.
;;
;; Arrays are walked four values at a time while four remain; the last size mod 4 values
;; go one by one through the same vector code (loaded into lane 0, stored from lane 0).
(module
  (import "env" "memory" (memory 0))

  ;; ------------------------------------------------------------------ exp and log

  ;; e^x = 2^n · e^r with n = round(x / ln 2) and |r| <= ln 2 / 2; e^r by a degree-7
  ;; polynomial. 2^n is built in the exponent bits, in two halves so that the subnormal
  ;; results (n < -126) and the last normal ones (n = 128) are reached without overflow.
  (func $exp (param $x v128) (result v128)
    (local $n v128) (local $r v128) (local $p v128) (local $e v128) (local $half v128)
    ;; beyond these bounds e^x is 0 or Infinity in float32; NaN passes through min and max
    (local.set $x (f32x4.min (f32x4.max (local.get $x) (v128.const f32x4 -104 -104 -104 -104)) (v128.const f32x4 89 89 89 89)))
    (local.set $n (f32x4.nearest (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504088896341 1.44269504088896341 1.44269504088896341 1.44269504088896341))))
    ;; r = x - n ln 2, ln 2 split into a part whose product with n is exact and the rest
    (local.set $r (f32x4.sub (local.get $x) (f32x4.mul (local.get $n) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))))
    (local.set $r (f32x4.sub (local.get $r) (f32x4.mul (local.get $n) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
    (local.set $p (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1)))
    (local.set $p (f32x4.add (f32x4.add (f32x4.mul (local.get $p) (f32x4.mul (local.get $r) (local.get $r))) (local.get $r))
      (v128.const f32x4 1 1 1 1)))
    ;; n in [-150, 129]: 2^n = 2^(n >> 1) · 2^(n - (n >> 1)), each factor a normal float
    (local.set $e (i32x4.trunc_sat_f32x4_s (local.get $n)))
    (local.set $half (i32x4.shr_s (local.get $e) (i32.const 1)))
    (local.set $e (i32x4.sub (local.get $e) (local.get $half)))
    (f32x4.mul
      (f32x4.mul (local.get $p) (i32x4.shl (i32x4.add (local.get $half) (v128.const i32x4 127 127 127 127)) (i32.const 23)))
      (i32x4.shl (i32x4.add (local.get $e) (v128.const i32x4 127 127 127 127)) (i32.const 23))))

  ;; log x = e ln 2 + log m with x = m 2^e, m in [√½, √2); log m = f - f²/2 + f³ P(f),
  ;; f = m - 1. Subnormal x are scaled by 2^23 first; 0, negatives, Infinity and NaN are
  ;; patched at the end.
  (func $log (param $x v128) (result v128)
    (local $bits v128) (local $e v128) (local $f v128) (local $z v128) (local $y v128) (local $tiny v128) (local $low v128)
    (local.set $tiny (f32x4.lt (local.get $x) (v128.const f32x4 1.17549435e-38 1.17549435e-38 1.17549435e-38 1.17549435e-38)))
    (local.set $bits (v128.bitselect (f32x4.mul (local.get $x) (v128.const f32x4 8388608 8388608 8388608 8388608)) (local.get $x) (local.get $tiny)))
    ;; exponent with m in [0.5, 1), less 23 for the scaled subnormals
    (local.set $e (i32x4.sub (i32x4.shr_u (local.get $bits) (i32.const 23)) (v128.const i32x4 126 126 126 126)))
    (local.set $e (i32x4.sub (local.get $e) (v128.and (local.get $tiny) (v128.const i32x4 23 23 23 23))))
    (local.set $f (v128.or (v128.and (local.get $bits) (v128.const i32x4 0x007fffff 0x007fffff 0x007fffff 0x007fffff))
      (v128.const i32x4 0x3f000000 0x3f000000 0x3f000000 0x3f000000)))
    ;; m < √½: use 2m and e - 1, so that f = m - 1 lies in [√½ - 1, √2 - 1)
    (local.set $low (f32x4.lt (local.get $f) (v128.const f32x4 0.707106781186547524 0.707106781186547524 0.707106781186547524 0.707106781186547524)))
    (local.set $e (i32x4.add (local.get $e) (local.get $low)))
    (local.set $f (f32x4.sub (f32x4.add (local.get $f) (v128.and (local.get $f) (local.get $low))) (v128.const f32x4 1 1 1 1)))
    (local.set $e (f32x4.convert_i32x4_s (local.get $e)))
    (local.set $z (f32x4.mul (local.get $f) (local.get $f)))
    (local.set $y (v128.const f32x4 7.0376836292e-2 7.0376836292e-2 7.0376836292e-2 7.0376836292e-2))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $f)) (v128.const f32x4 -1.1514610310e-1 -1.1514610310e-1 -1.1514610310e-1 -1.1514610310e-1)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $f)) (v128.const f32x4 1.1676998740e-1 1.1676998740e-1 1.1676998740e-1 1.1676998740e-1)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $f)) (v128.const f32x4 -1.2420140846e-1 -1.2420140846e-1 -1.2420140846e-1 -1.2420140846e-1)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $f)) (v128.const f32x4 1.4249322787e-1 1.4249322787e-1 1.4249322787e-1 1.4249322787e-1)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $f)) (v128.const f32x4 -1.6668057665e-1 -1.6668057665e-1 -1.6668057665e-1 -1.6668057665e-1)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $f)) (v128.const f32x4 2.0000714765e-1 2.0000714765e-1 2.0000714765e-1 2.0000714765e-1)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $f)) (v128.const f32x4 -2.4999993993e-1 -2.4999993993e-1 -2.4999993993e-1 -2.4999993993e-1)))
    (local.set $y (f32x4.add (f32x4.mul (local.get $y) (local.get $f)) (v128.const f32x4 3.3333331174e-1 3.3333331174e-1 3.3333331174e-1 3.3333331174e-1)))
    (local.set $y (f32x4.mul (f32x4.mul (local.get $y) (local.get $f)) (local.get $z)))
    ;; e ln 2 split as in exp, the small part added before the large one
    (local.set $y (f32x4.add (local.get $y) (f32x4.mul (local.get $e) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
    (local.set $y (f32x4.sub (local.get $y) (f32x4.mul (local.get $z) (v128.const f32x4 0.5 0.5 0.5 0.5))))
    (local.set $y (f32x4.add (f32x4.add (local.get $f) (local.get $y))
      (f32x4.mul (local.get $e) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))))
    ;; log 0 = -Infinity, log of a negative = NaN, log Infinity = Infinity, log NaN = NaN
    (local.set $y (v128.bitselect (v128.const f32x4 -inf -inf -inf -inf) (local.get $y) (f32x4.eq (local.get $x) (v128.const f32x4 0 0 0 0))))
    (local.set $y (v128.bitselect (v128.const f32x4 nan nan nan nan) (local.get $y) (f32x4.lt (local.get $x) (v128.const f32x4 0 0 0 0))))
    (local.set $y (v128.bitselect (local.get $x) (local.get $y) (f32x4.eq (local.get $x) (v128.const f32x4 inf inf inf inf))))
    (v128.bitselect (local.get $x) (local.get $y) (f32x4.ne (local.get $x) (local.get $x))))

  ;; ------------------------------------------------------------------ one op, four lanes

  (func $sigmoid (param $x v128) (result v128)
    (local $e v128) (local $d v128)
    ;; e^-|x| never overflows: 1 / (1 + e) for x >= 0, e / (1 + e) below
    (local.set $e (call $exp (f32x4.neg (f32x4.abs (local.get $x)))))
    (local.set $d (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $e)))
    (v128.bitselect
      (f32x4.div (v128.const f32x4 1 1 1 1) (local.get $d))
      (f32x4.div (local.get $e) (local.get $d))
      (f32x4.ge (local.get $x) (v128.const f32x4 0 0 0 0))))

  (func $tanh (param $x v128) (result v128)
    (local $z v128) (local $small v128) (local $large v128)
    ;; |x| < 0.625: an odd polynomial (1 - 2/(e^2x + 1) would lose digits to cancellation)
    (local.set $z (f32x4.mul (local.get $x) (local.get $x)))
    (local.set $small (v128.const f32x4 -5.70498872745e-3 -5.70498872745e-3 -5.70498872745e-3 -5.70498872745e-3))
    (local.set $small (f32x4.add (f32x4.mul (local.get $small) (local.get $z)) (v128.const f32x4 2.06390887954e-2 2.06390887954e-2 2.06390887954e-2 2.06390887954e-2)))
    (local.set $small (f32x4.add (f32x4.mul (local.get $small) (local.get $z)) (v128.const f32x4 -5.37397155531e-2 -5.37397155531e-2 -5.37397155531e-2 -5.37397155531e-2)))
    (local.set $small (f32x4.add (f32x4.mul (local.get $small) (local.get $z)) (v128.const f32x4 1.33314422036e-1 1.33314422036e-1 1.33314422036e-1 1.33314422036e-1)))
    (local.set $small (f32x4.add (f32x4.mul (local.get $small) (local.get $z)) (v128.const f32x4 -3.33332819422e-1 -3.33332819422e-1 -3.33332819422e-1 -3.33332819422e-1)))
    (local.set $small (f32x4.add (f32x4.mul (f32x4.mul (local.get $small) (local.get $z)) (local.get $x)) (local.get $x)))
    ;; elsewhere 1 - 2/(e^2|x| + 1) with x's sign; e^2|x| = Infinity gives exactly 1
    (local.set $large (call $exp (f32x4.add (f32x4.abs (local.get $x)) (f32x4.abs (local.get $x)))))
    (local.set $large (f32x4.sub (v128.const f32x4 1 1 1 1)
      (f32x4.div (v128.const f32x4 2 2 2 2) (f32x4.add (local.get $large) (v128.const f32x4 1 1 1 1)))))
    (local.set $large (v128.or (local.get $large) (v128.and (local.get $x) (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))))
    (v128.bitselect (local.get $small) (local.get $large)
      (f32x4.lt (f32x4.abs (local.get $x)) (v128.const f32x4 0.625 0.625 0.625 0.625))))

  ;; Codes 0..3 are the plan's ActivationCode (linear, relu, sigmoid, tanh); the rest
  ;; serve the per-op backend: 4 step, 5 sign, 6 exp, 7 log, 8 neg, 9 square, 10 sqrt,
  ;; 11 abs, 12 sigmoidGrad, 13 tanhGrad, 14 reluGrad (the last three in terms of x).
  (func $unary (param $x v128) (param $op i32) (result v128)
    (local $y v128)
    (block $reluGrad (block $tanhGrad (block $sigmoidGrad (block $abs (block $sqrt (block $square (block $neg
    (block $log (block $exp (block $sign (block $step (block $tanh (block $sigmoid (block $relu (block $linear
      (br_table $linear $relu $sigmoid $tanh $step $sign $exp $log $neg $square $sqrt $abs $sigmoidGrad $tanhGrad $reluGrad
        (local.get $op)))
      (return (local.get $x)))
      ;; x > 0 ? x : 0, so NaN and -0 give 0
      (return (v128.and (local.get $x) (f32x4.gt (local.get $x) (v128.const f32x4 0 0 0 0)))))
      (return (call $sigmoid (local.get $x))))
      (return (call $tanh (local.get $x))))
      (return (v128.and (v128.const f32x4 1 1 1 1) (f32x4.ge (local.get $x) (v128.const f32x4 0 0 0 0)))))
      ;; +1, -1, 0 for ±0, NaN for NaN
      (return (v128.or
        (v128.or
          (v128.and (v128.const f32x4 1 1 1 1) (f32x4.gt (local.get $x) (v128.const f32x4 0 0 0 0)))
          (v128.and (v128.const f32x4 -1 -1 -1 -1) (f32x4.lt (local.get $x) (v128.const f32x4 0 0 0 0))))
        (v128.and (local.get $x) (f32x4.ne (local.get $x) (local.get $x))))))
      (return (call $exp (local.get $x))))
      (return (call $log (local.get $x))))
      (return (f32x4.neg (local.get $x))))
      (return (f32x4.mul (local.get $x) (local.get $x))))
      (return (f32x4.sqrt (local.get $x))))
      (return (f32x4.abs (local.get $x))))
      (local.set $y (call $sigmoid (local.get $x)))
      (return (f32x4.mul (local.get $y) (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $y)))))
      (local.set $y (call $tanh (local.get $x)))
      (return (f32x4.sub (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $y) (local.get $y)))))
    (v128.and (v128.const f32x4 1 1 1 1) (f32x4.gt (local.get $x) (v128.const f32x4 0 0 0 0))))

  ;; ------------------------------------------------------------------ array kernels

  ;; out[i] = op(x[i]) for size values (the per-op backend's unary ops)
  (func (export "unary") (param $op i32) (param $x i32) (param $out i32) (param $size i32)
    (call $rows (local.get $x) (i32.const -1) (local.get $out) (i32.const 1) (local.get $size) (local.get $op)))

  ;; out[r, j] = act(z[r, j] + bias[j]) over rows × cols; out may equal z; bias -1: none
  (func (export "biasActivation") (param $z i32) (param $bias i32) (param $out i32) (param $rows i32) (param $cols i32) (param $act i32)
    (call $rows (local.get $z) (local.get $bias) (local.get $out) (local.get $rows) (local.get $cols) (local.get $act)))

  ;; Row by row, four values at a time while four remain, then one (in lane 0). Linear and
  ;; relu are computed in the loop, the others through $unary.
  (func $rows (param $z i32) (param $bias i32) (param $out i32) (param $rows i32) (param $cols i32) (param $op i32)
    (local $j i32) (local $bytes i32) (local $v v128) (local $hasBias i32) (local $wide i32)
    (local.set $hasBias (i32.ne (local.get $bias) (i32.const -1)))
    (local.set $bytes (i32.shl (local.get $cols) (i32.const 2)))
    (if (i32.or (i32.eqz (local.get $rows)) (i32.eqz (local.get $cols))) (then (return)))
    (loop $row
      (local.set $j (i32.const 0))
      (loop $each
        (local.set $wide (i32.le_u (i32.add (local.get $j) (i32.const 16)) (local.get $bytes)))
        (local.set $v (if (result v128) (local.get $wide)
          (then (v128.load (i32.add (local.get $z) (local.get $j))))
          (else (v128.load32_zero (i32.add (local.get $z) (local.get $j))))))
        (if (local.get $hasBias)
          (then (local.set $v (f32x4.add (local.get $v) (if (result v128) (local.get $wide)
            (then (v128.load (i32.add (local.get $bias) (local.get $j))))
            (else (v128.load32_zero (i32.add (local.get $bias) (local.get $j)))))))))
        (local.set $v (if (result v128) (i32.eq (local.get $op) (i32.const 1))
          (then (v128.and (local.get $v) (f32x4.gt (local.get $v) (v128.const f32x4 0 0 0 0))))
          (else (if (result v128) (i32.eqz (local.get $op))
            (then (local.get $v))
            (else (call $unary (local.get $v) (local.get $op)))))))
        (if (local.get $wide)
          (then
            (v128.store (i32.add (local.get $out) (local.get $j)) (local.get $v))
            (local.set $j (i32.add (local.get $j) (i32.const 16))))
          (else
            (v128.store32_lane 0 (i32.add (local.get $out) (local.get $j)) (local.get $v))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))))
        (br_if $each (i32.lt_u (local.get $j) (local.get $bytes))))
      (local.set $z (i32.add (local.get $z) (local.get $bytes)))
      (local.set $out (i32.add (local.get $out) (local.get $bytes)))
      (br_if $row (local.tee $rows (i32.sub (local.get $rows) (i32.const 1))))))

  ;; dz[i] = dy[i] · act'(·) from the output y (relu: y > 0; sigmoid: y(1 - y); tanh: 1 - y²);
  ;; dz may equal dy
  (func (export "activationGrad") (param $dy i32) (param $y i32) (param $dz i32) (param $size i32) (param $act i32)
    (local $j i32) (local $bytes i32) (local $wide i32) (local $g v128) (local $v v128)
    (local.set $bytes (i32.shl (local.get $size) (i32.const 2)))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $j) (local.get $bytes)))
        (local.set $wide (i32.le_u (i32.add (local.get $j) (i32.const 16)) (local.get $bytes)))
        (if (local.get $wide)
          (then
            (local.set $g (v128.load (i32.add (local.get $dy) (local.get $j))))
            (local.set $v (v128.load (i32.add (local.get $y) (local.get $j)))))
          (else
            (local.set $g (v128.load32_zero (i32.add (local.get $dy) (local.get $j))))
            (local.set $v (v128.load32_zero (i32.add (local.get $y) (local.get $j))))))
        (block $computed
          (block $tanh (block $sigmoid (block $relu (block $linear
            (br_table $linear $relu $sigmoid $tanh (local.get $act)))
            (br $computed))
            (local.set $g (v128.and (local.get $g) (f32x4.gt (local.get $v) (v128.const f32x4 0 0 0 0))))
            (br $computed))
            (local.set $g (f32x4.mul (local.get $g) (f32x4.mul (local.get $v) (f32x4.sub (v128.const f32x4 1 1 1 1) (local.get $v)))))
            (br $computed))
          (local.set $g (f32x4.mul (local.get $g) (f32x4.sub (v128.const f32x4 1 1 1 1) (f32x4.mul (local.get $v) (local.get $v))))))
        (if (local.get $wide)
          (then
            (v128.store (i32.add (local.get $dz) (local.get $j)) (local.get $g))
            (local.set $j (i32.add (local.get $j) (i32.const 16))))
          (else
            (v128.store32_lane 0 (i32.add (local.get $dz) (local.get $j)) (local.get $g))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))))
        (br $each))))

  ;; ------------------------------------------------------------------ softmax

  ;; One row: out = e^(x - max) / Σ e^(x - max); subtracting the maximum keeps every
  ;; exponent <= 0, so logits of any size work.
  (func $softmaxRow (param $x i32) (param $out i32) (param $cols i32)
    (local $j i32) (local $bytes i32) (local $top f32) (local $v f32) (local $e v128) (local $sum v128) (local $total f32)
    (local.set $bytes (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $top (f32.const -inf))
    (block $maxDone
      (loop $max
        (br_if $maxDone (i32.ge_u (local.get $j) (local.get $bytes)))
        (local.set $v (f32.load (i32.add (local.get $x) (local.get $j))))
        (if (f32.gt (local.get $v) (local.get $top)) (then (local.set $top (local.get $v))))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $max)))
    (local.set $j (i32.const 0))
    (block $wideDone
      (loop $wide
        (br_if $wideDone (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $bytes)))
        (local.set $e (call $exp (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $j))) (f32x4.splat (local.get $top)))))
        (v128.store (i32.add (local.get $out) (local.get $j)) (local.get $e))
        (local.set $sum (f32x4.add (local.get $sum) (local.get $e)))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $wide)))
    (local.set $total (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $sum)) (f32x4.extract_lane 1 (local.get $sum)))
      (f32.add (f32x4.extract_lane 2 (local.get $sum)) (f32x4.extract_lane 3 (local.get $sum)))))
    (block $narrowDone
      (loop $narrow
        (br_if $narrowDone (i32.ge_u (local.get $j) (local.get $bytes)))
        (local.set $v (f32x4.extract_lane 0
          (call $exp (f32x4.splat (f32.sub (f32.load (i32.add (local.get $x) (local.get $j))) (local.get $top))))))
        (f32.store (i32.add (local.get $out) (local.get $j)) (local.get $v))
        (local.set $total (f32.add (local.get $total) (local.get $v)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $narrow)))
    (local.set $j (i32.const 0))
    (block $divideDone
      (loop $divide
        (br_if $divideDone (i32.ge_u (local.get $j) (local.get $bytes)))
        (f32.store (i32.add (local.get $out) (local.get $j))
          (f32.div (f32.load (i32.add (local.get $out) (local.get $j))) (local.get $total)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $divide))))

  ;; softmax of each row of x [rows, cols] into out
  (func (export "softmax") (param $x i32) (param $out i32) (param $rows i32) (param $cols i32)
    (local $bytes i32)
    (local.set $bytes (i32.shl (local.get $cols) (i32.const 2)))
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $rows)))
        (call $softmaxRow (local.get $x) (local.get $out) (local.get $cols))
        (local.set $x (i32.add (local.get $x) (local.get $bytes)))
        (local.set $out (i32.add (local.get $out) (local.get $bytes)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))

  ;; Softmax of each row of logits into probs, then categorical cross-entropy against the
  ;; target rows: returns Σ over rows of -Σ_j t_j log(clip(p_j, 1e-7, 1 - 1e-7)) (Keras's
  ;; clip, in float32), writes dz = (probs - targets) / lossRows, and stores at correct
  ;; (Int32) how many rows have argmax(probs) = argmax(targets), first maximum on ties.
  (func (export "softmaxCrossEntropy") (param $logits i32) (param $targets i32) (param $probs i32) (param $dz i32)
    (param $rows i32) (param $cols i32) (param $lossRows f32) (param $correct i32) (result f64)
    (local $loss f64) (local $right i32) (local $bytes i32) (local $j i32) (local $p f32) (local $t f32)
    (local $pTop f32) (local $pAt i32) (local $tTop f32) (local $tAt i32)
    (local.set $bytes (i32.shl (local.get $cols) (i32.const 2)))
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $rows)))
        (call $softmaxRow (local.get $logits) (local.get $probs) (local.get $cols))
        (local.set $pTop (f32.load (local.get $probs)))
        (local.set $tTop (f32.load (local.get $targets)))
        (local.set $pAt (i32.const 0))
        (local.set $tAt (i32.const 0))
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $col
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $bytes)))
            (local.set $p (f32.load (i32.add (local.get $probs) (local.get $j))))
            (local.set $t (f32.load (i32.add (local.get $targets) (local.get $j))))
            (if (f32.gt (local.get $p) (local.get $pTop)) (then (local.set $pTop (local.get $p)) (local.set $pAt (local.get $j))))
            (if (f32.gt (local.get $t) (local.get $tTop)) (then (local.set $tTop (local.get $t)) (local.set $tAt (local.get $j))))
            (f32.store (i32.add (local.get $dz) (local.get $j)) (f32.div (f32.sub (local.get $p) (local.get $t)) (local.get $lossRows)))
            (if (f32.ne (local.get $t) (f32.const 0))
              (then
                (local.set $p (f32.min (f32.max (local.get $p) (f32.const 1e-7)) (f32.sub (f32.const 1) (f32.const 1e-7))))
                (local.set $loss (f64.sub (local.get $loss)
                  (f64.mul (f64.promote_f32 (local.get $t))
                    (f64.promote_f32 (f32x4.extract_lane 0 (call $log (f32x4.splat (local.get $p))))))))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $col)))
        (local.set $right (i32.add (local.get $right) (i32.eq (local.get $pAt) (local.get $tAt))))
        (local.set $logits (i32.add (local.get $logits) (local.get $bytes)))
        (local.set $targets (i32.add (local.get $targets) (local.get $bytes)))
        (local.set $probs (i32.add (local.get $probs) (local.get $bytes)))
        (local.set $dz (i32.add (local.get $dz) (local.get $bytes)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row)))
    (i32.store (local.get $correct) (local.get $right))
    (local.get $loss)))
