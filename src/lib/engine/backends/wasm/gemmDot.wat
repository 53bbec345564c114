;; C[m, n] = (accumulate ? C : 0) + A B^T with A [m, k] and B [n, k] row-major in the
;; shared memory (gemm.wat does the other transpose cases). Addresses are in bytes.
;;
;; Rows of A and rows of B both run along k, so a 2x4 block of C is eight dot products,
;; each vectorised along k in its own f32x4 accumulator and reduced to one number once,
;; at the end: per four steps of k, six vector loads feed sixteen multiply-adds. The last
;; block of rows and of columns is shifted back to end at the matrix edge, as in gemm.wat;
;; fewer than 4 columns fall back to one dot product per cell.
(module
  (import "env" "memory" (memory 0))

  ;; ------------------------------------------------------------------ stores

  ;; C(at) = x, or C(at) + x when accumulating.
  (func $store1 (param $at i32) (param $x f32) (param $acc i32)
    (if (local.get $acc)
      (then (local.set $x (f32.add (f32.load (local.get $at)) (local.get $x)))))
    (f32.store (local.get $at) (local.get $x)))

  ;; Stores lanes from..3 of v at at + lane * stride (one vector store when the lanes are
  ;; contiguous and all wanted). A negative from means every lane.
  (func $store4 (param $at i32) (param $stride i32) (param $v v128) (param $from i32) (param $acc i32)
    (if (i32.and (i32.le_s (local.get $from) (i32.const 0)) (i32.eq (local.get $stride) (i32.const 4)))
      (then
        (if (local.get $acc)
          (then (local.set $v (f32x4.add (v128.load (local.get $at)) (local.get $v)))))
        (v128.store (local.get $at) (local.get $v))
        (return)))
    (if (i32.le_s (local.get $from) (i32.const 0))
      (then (call $store1 (local.get $at) (f32x4.extract_lane 0 (local.get $v)) (local.get $acc))))
    (local.set $at (i32.add (local.get $at) (local.get $stride)))
    (if (i32.le_s (local.get $from) (i32.const 1))
      (then (call $store1 (local.get $at) (f32x4.extract_lane 1 (local.get $v)) (local.get $acc))))
    (local.set $at (i32.add (local.get $at) (local.get $stride)))
    (if (i32.le_s (local.get $from) (i32.const 2))
      (then (call $store1 (local.get $at) (f32x4.extract_lane 2 (local.get $v)) (local.get $acc))))
    (local.set $at (i32.add (local.get $at) (local.get $stride)))
    (if (i32.le_s (local.get $from) (i32.const 3))
      (then (call $store1 (local.get $at) (f32x4.extract_lane 3 (local.get $v)) (local.get $acc)))))

  ;; Σ_p A(p) B(p) over k steps, A and B each read through one stride: the last k mod 4
  ;; steps of a dot product.
  (func $dotStrided (param $a i32) (param $as i32) (param $b i32) (param $bs i32) (param $k i32) (result f32)
    (local $s f32)
    (block $done
      (loop $step
        (br_if $done (i32.eqz (local.get $k)))
        (local.set $s (f32.add (local.get $s) (f32.mul (f32.load (local.get $a)) (f32.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (local.get $as)))
        (local.set $b (i32.add (local.get $b) (local.get $bs)))
        (local.set $k (i32.sub (local.get $k) (i32.const 1)))
        (br $step)))
    (local.get $s))

  ;; ------------------------------------------------------------------ dot tiling

  ;; [sum v0, sum v1, sum v2, sum v3]
  (func $sum4 (param $v0 v128) (param $v1 v128) (param $v2 v128) (param $v3 v128) (result v128)
    (local $s01 v128) (local $s23 v128)
    (local.set $s01 (f32x4.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $v0) (local.get $v1))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $v0) (local.get $v1))))
    (local.set $s23 (f32x4.add
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $v2) (local.get $v3))
      (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $v2) (local.get $v3))))
    (f32x4.add
      (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $s01) (local.get $s23))
      (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $s01) (local.get $s23))))

  ;; A 2x4 block: C(r, q) = Σ_p A(r, p) B(q, p), rows of A at a + r*ars, rows of B at
  ;; b + q*brs, both contiguous along p; C(r, q) at c + r*crs + 4q.
  (func $tile2x4
    (param $a i32) (param $ars i32) (param $b i32) (param $brs i32) (param $k i32)
    (param $c i32) (param $crs i32) (param $rowFrom i32) (param $colFrom i32) (param $acc i32)
    (local $a1 i32) (local $b1 i32) (local $b2 i32) (local $b3 i32) (local $steps i32)
    (local $x0 v128) (local $x1 v128) (local $y v128)
    (local $s00 v128) (local $s01 v128) (local $s02 v128) (local $s03 v128)
    (local $s10 v128) (local $s11 v128) (local $s12 v128) (local $s13 v128)
    (local.set $a1 (i32.add (local.get $a) (local.get $ars)))
    (local.set $b1 (i32.add (local.get $b) (local.get $brs)))
    (local.set $b2 (i32.add (local.get $b1) (local.get $brs)))
    (local.set $b3 (i32.add (local.get $b2) (local.get $brs)))
    (if (local.tee $steps (i32.shr_u (local.get $k) (i32.const 2)))
      (then
        (loop $step
          (local.set $x0 (v128.load (local.get $a)))
          (local.set $x1 (v128.load (local.get $a1)))
          (local.set $y (v128.load (local.get $b)))
          (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (local.get $x0) (local.get $y))))
          (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (local.get $x1) (local.get $y))))
          (local.set $y (v128.load (local.get $b1)))
          (local.set $s01 (f32x4.add (local.get $s01) (f32x4.mul (local.get $x0) (local.get $y))))
          (local.set $s11 (f32x4.add (local.get $s11) (f32x4.mul (local.get $x1) (local.get $y))))
          (local.set $y (v128.load (local.get $b2)))
          (local.set $s02 (f32x4.add (local.get $s02) (f32x4.mul (local.get $x0) (local.get $y))))
          (local.set $s12 (f32x4.add (local.get $s12) (f32x4.mul (local.get $x1) (local.get $y))))
          (local.set $y (v128.load (local.get $b3)))
          (local.set $s03 (f32x4.add (local.get $s03) (f32x4.mul (local.get $x0) (local.get $y))))
          (local.set $s13 (f32x4.add (local.get $s13) (f32x4.mul (local.get $x1) (local.get $y))))
          (local.set $a (i32.add (local.get $a) (i32.const 16)))
          (local.set $a1 (i32.add (local.get $a1) (i32.const 16)))
          (local.set $b (i32.add (local.get $b) (i32.const 16)))
          (local.set $b1 (i32.add (local.get $b1) (i32.const 16)))
          (local.set $b2 (i32.add (local.get $b2) (i32.const 16)))
          (local.set $b3 (i32.add (local.get $b3) (i32.const 16)))
          (br_if $step (local.tee $steps (i32.sub (local.get $steps) (i32.const 1)))))))
    (local.set $s00 (call $sum4 (local.get $s00) (local.get $s01) (local.get $s02) (local.get $s03)))
    (local.set $s10 (call $sum4 (local.get $s10) (local.get $s11) (local.get $s12) (local.get $s13)))
    ;; the last k mod 4 steps: B(0..3, p) gathered into one vector
    (if (local.tee $steps (i32.and (local.get $k) (i32.const 3)))
      (then
        (loop $tail
          (local.set $y (f32x4.replace_lane 3
            (f32x4.replace_lane 2
              (f32x4.replace_lane 1 (f32x4.splat (f32.load (local.get $b))) (f32.load (local.get $b1)))
              (f32.load (local.get $b2)))
            (f32.load (local.get $b3))))
          (local.set $s00 (f32x4.add (local.get $s00) (f32x4.mul (v128.load32_splat (local.get $a)) (local.get $y))))
          (local.set $s10 (f32x4.add (local.get $s10) (f32x4.mul (v128.load32_splat (local.get $a1)) (local.get $y))))
          (local.set $a (i32.add (local.get $a) (i32.const 4)))
          (local.set $a1 (i32.add (local.get $a1) (i32.const 4)))
          (local.set $b (i32.add (local.get $b) (i32.const 4)))
          (local.set $b1 (i32.add (local.get $b1) (i32.const 4)))
          (local.set $b2 (i32.add (local.get $b2) (i32.const 4)))
          (local.set $b3 (i32.add (local.get $b3) (i32.const 4)))
          (br_if $tail (local.tee $steps (i32.sub (local.get $steps) (i32.const 1)))))))
    (if (i32.eqz (i32.or (local.get $rowFrom) (local.get $colFrom)))
      (then
        (local.set $a1 (i32.add (local.get $c) (local.get $crs)))
        (if (local.get $acc)
          (then
            (local.set $s00 (f32x4.add (local.get $s00) (v128.load (local.get $c))))
            (local.set $s10 (f32x4.add (local.get $s10) (v128.load (local.get $a1))))))
        (v128.store (local.get $c) (local.get $s00))
        (v128.store (local.get $a1) (local.get $s10))
        (return)))
    (if (i32.le_s (local.get $rowFrom) (i32.const 0))
      (then (call $store4 (local.get $c) (i32.const 4) (local.get $s00) (local.get $colFrom) (local.get $acc))))
    (if (i32.le_s (local.get $rowFrom) (i32.const 1))
      (then (call $store4 (i32.add (local.get $c) (local.get $crs)) (i32.const 4) (local.get $s10) (local.get $colFrom) (local.get $acc)))))

  ;; Σ_p a[p] b[p] over k contiguous values, vectorised.
  (func $dot (param $a i32) (param $b i32) (param $k i32) (result f32)
    (local $v v128) (local $s f32) (local $steps i32)
    (if (local.tee $steps (i32.shr_u (local.get $k) (i32.const 2)))
      (then
        (loop $step
          (local.set $v (f32x4.add (local.get $v) (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b)))))
          (local.set $a (i32.add (local.get $a) (i32.const 16)))
          (local.set $b (i32.add (local.get $b) (i32.const 16)))
          (br_if $step (local.tee $steps (i32.sub (local.get $steps) (i32.const 1)))))))
    (local.set $s (f32x4.extract_lane 0 (call $sum4 (local.get $v) (local.get $v) (local.get $v) (local.get $v))))
    (f32.add (local.get $s)
      (call $dotStrided (local.get $a) (i32.const 4) (local.get $b) (i32.const 4) (i32.and (local.get $k) (i32.const 3)))))

  ;; The kernel contract's gemm (plan/kernels.ts) for A B^T: byte addresses, m, n, k >= 1.
  (func (export "gemmDot") (param $m i32) (param $n i32) (param $k i32) (param $a i32) (param $b i32) (param $c i32) (param $acc i32)
    (local $rs i32) (local $crs i32) (local $i i32) (local $i0 i32) (local $j i32) (local $j0 i32)
    (local.set $rs (i32.shl (local.get $k) (i32.const 2)))
    (local.set $crs (i32.shl (local.get $n) (i32.const 2)))
    (if (i32.lt_u (local.get $n) (i32.const 4))
      (then
        (loop $row
          (local.set $j (i32.const 0))
          (loop $col
            (call $store1
              (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $crs))) (i32.shl (local.get $j) (i32.const 2)))
              (call $dot (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rs)))
                (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $rs))) (local.get $k))
              (local.get $acc))
            (br_if $col (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $n))))
          (br_if $row (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $m))))
        (return)))
    (loop $strip
      (local.set $j0 (select (local.get $j) (i32.sub (local.get $n) (i32.const 4))
        (i32.le_u (i32.add (local.get $j) (i32.const 4)) (local.get $n))))
      (if (i32.lt_u (local.get $m) (i32.const 2))
        (then
          ;; one row: a block of two copies of it, the second stored
          (call $tile2x4 (local.get $a) (i32.const 0) (i32.add (local.get $b) (i32.mul (local.get $j0) (local.get $rs))) (local.get $rs)
            (local.get $k) (i32.add (local.get $c) (i32.shl (local.get $j0) (i32.const 2))) (i32.const 0)
            (i32.const 1) (i32.sub (local.get $j) (local.get $j0)) (local.get $acc)))
        (else
          (local.set $i (i32.const 0))
          (loop $block
            (local.set $i0 (select (local.get $i) (i32.sub (local.get $m) (i32.const 2))
              (i32.le_u (i32.add (local.get $i) (i32.const 2)) (local.get $m))))
            (call $tile2x4
              (i32.add (local.get $a) (i32.mul (local.get $i0) (local.get $rs))) (local.get $rs)
              (i32.add (local.get $b) (i32.mul (local.get $j0) (local.get $rs))) (local.get $rs) (local.get $k)
              (i32.add (i32.add (local.get $c) (i32.mul (local.get $i0) (local.get $crs))) (i32.shl (local.get $j0) (i32.const 2)))
              (local.get $crs) (i32.sub (local.get $i) (local.get $i0)) (i32.sub (local.get $j) (local.get $j0)) (local.get $acc))
            (br_if $block (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 2))) (local.get $m))))))
      (br_if $strip (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 4))) (local.get $n))))))
