;; Single-precision matrix multiply on row-major matrices in the shared memory:
;;
;;   C[m, n] = (accumulate ? C : 0) + op(A) @ op(B)
;;
;; op(A) is [m, k] (A stored [m, k], or [k, m] when transposed); op(B) is [k, n] (B stored
;; [k, n], or [n, k] when transposed). Every address and stride here is in bytes.
;;
;; Speed comes from register tiles: a block of C is held in f32x4 accumulators for the
;; whole walk along k, so each value of A and B loaded from memory feeds several
;; multiply-adds. Two tilings cover the four transpose cases without copying anything:
;;
;; - broadcast (this file; B plain): a 4x8 block of C in eight accumulators. Step p
;;   broadcasts the four values A(i..i+3, p) and multiplies each by two vectors of B's
;;   row p. A is read through two strides (next row, next p), so plain and transposed A
;;   share the code. Both transposed: C = (B A)^T, the same tiling with the operands
;;   swapped and C written through transposed strides.
;; - dot (gemmDot.wat; A plain, B transposed): rows of A and rows of B both run along k,
;;   so a block of C is a set of dot products, vectorised along k.
;;
;; Edges: when m or n is not a multiple of the block, the last block is shifted back to
;; end at the matrix edge and overlaps the one before it; its stores skip the rows and
;; columns already written, so the edge costs one block, not a slower path. A matrix
;; narrower than one block falls back to plain dot products, one cell at a time.
(module
  (import "env" "memory" (memory 0))

  ;; Depth of one pass of the broadcast tiling: 256 rows of an 8-column strip of B (8 KiB)
  ;; stay in the L1 cache while every 4-row block of A goes past them.
  (global $depth i32 (i32.const 256))

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

  ;; ------------------------------------------------------------------ broadcast tiling

  ;; One 4x8 block over k steps (k >= 1). A(r, p) at a + r*ars + p*aps; B(p, 0..7) at
  ;; b + p*bps, contiguous; C(r, q) at c + r*crs + q*ccs. Stores rows >= rowFrom and
  ;; columns >= colFrom only.
  (func $tile4x8
    (param $a i32) (param $ars i32) (param $aps i32) (param $b i32) (param $bps i32) (param $k i32)
    (param $c i32) (param $crs i32) (param $ccs i32) (param $rowFrom i32) (param $colFrom i32) (param $acc i32)
    (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $x v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $a1 (i32.add (local.get $a) (local.get $ars)))
    (local.set $a2 (i32.add (local.get $a1) (local.get $ars)))
    (local.set $a3 (i32.add (local.get $a2) (local.get $ars)))
    (loop $step
      (local.set $b0 (v128.load (local.get $b)))
      (local.set $b1 (v128.load offset=16 (local.get $b)))
      (local.set $x (v128.load32_splat (local.get $a)))
      (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
      (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load32_splat (local.get $a1)))
      (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
      (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load32_splat (local.get $a2)))
      (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
      (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
      (local.set $x (v128.load32_splat (local.get $a3)))
      (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
      (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
      (local.set $a (i32.add (local.get $a) (local.get $aps)))
      (local.set $a1 (i32.add (local.get $a1) (local.get $aps)))
      (local.set $a2 (i32.add (local.get $a2) (local.get $aps)))
      (local.set $a3 (i32.add (local.get $a3) (local.get $aps)))
      (local.set $b (i32.add (local.get $b) (local.get $bps)))
      (br_if $step (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
    ;; the usual block: every cell wanted, rows contiguous; stored without a call
    (if (i32.eqz (i32.or (i32.or (local.get $rowFrom) (local.get $colFrom)) (i32.ne (local.get $ccs) (i32.const 4))))
      (then
        (local.set $a1 (i32.add (local.get $c) (local.get $crs)))
        (local.set $a2 (i32.add (local.get $a1) (local.get $crs)))
        (local.set $a3 (i32.add (local.get $a2) (local.get $crs)))
        (if (local.get $acc)
          (then
            (local.set $c00 (f32x4.add (local.get $c00) (v128.load (local.get $c))))
            (local.set $c01 (f32x4.add (local.get $c01) (v128.load offset=16 (local.get $c))))
            (local.set $c10 (f32x4.add (local.get $c10) (v128.load (local.get $a1))))
            (local.set $c11 (f32x4.add (local.get $c11) (v128.load offset=16 (local.get $a1))))
            (local.set $c20 (f32x4.add (local.get $c20) (v128.load (local.get $a2))))
            (local.set $c21 (f32x4.add (local.get $c21) (v128.load offset=16 (local.get $a2))))
            (local.set $c30 (f32x4.add (local.get $c30) (v128.load (local.get $a3))))
            (local.set $c31 (f32x4.add (local.get $c31) (v128.load offset=16 (local.get $a3))))))
        (v128.store (local.get $c) (local.get $c00))
        (v128.store offset=16 (local.get $c) (local.get $c01))
        (v128.store (local.get $a1) (local.get $c10))
        (v128.store offset=16 (local.get $a1) (local.get $c11))
        (v128.store (local.get $a2) (local.get $c20))
        (v128.store offset=16 (local.get $a2) (local.get $c21))
        (v128.store (local.get $a3) (local.get $c30))
        (v128.store offset=16 (local.get $a3) (local.get $c31))
        (return)))
    (if (i32.le_s (local.get $rowFrom) (i32.const 0))
      (then (call $storeRow8 (local.get $c) (local.get $ccs) (local.get $c00) (local.get $c01) (local.get $colFrom) (local.get $acc))))
    (local.set $c (i32.add (local.get $c) (local.get $crs)))
    (if (i32.le_s (local.get $rowFrom) (i32.const 1))
      (then (call $storeRow8 (local.get $c) (local.get $ccs) (local.get $c10) (local.get $c11) (local.get $colFrom) (local.get $acc))))
    (local.set $c (i32.add (local.get $c) (local.get $crs)))
    (if (i32.le_s (local.get $rowFrom) (i32.const 2))
      (then (call $storeRow8 (local.get $c) (local.get $ccs) (local.get $c20) (local.get $c21) (local.get $colFrom) (local.get $acc))))
    (local.set $c (i32.add (local.get $c) (local.get $crs)))
    (if (i32.le_s (local.get $rowFrom) (i32.const 3))
      (then (call $storeRow8 (local.get $c) (local.get $ccs) (local.get $c30) (local.get $c31) (local.get $colFrom) (local.get $acc)))))

  (func $storeRow8 (param $at i32) (param $ccs i32) (param $v0 v128) (param $v1 v128) (param $colFrom i32) (param $acc i32)
    (call $store4 (local.get $at) (local.get $ccs) (local.get $v0) (local.get $colFrom) (local.get $acc))
    (call $store4 (i32.add (local.get $at) (i32.shl (local.get $ccs) (i32.const 2))) (local.get $ccs) (local.get $v1)
      (i32.sub (local.get $colFrom) (i32.const 4)) (local.get $acc)))

  ;; The same with a 4x4 block, for 4 <= n < 8.
  (func $tile4x4
    (param $a i32) (param $ars i32) (param $aps i32) (param $b i32) (param $bps i32) (param $k i32)
    (param $c i32) (param $crs i32) (param $ccs i32) (param $rowFrom i32) (param $colFrom i32) (param $acc i32)
    (local $a1 i32) (local $a2 i32) (local $a3 i32)
    (local $b0 v128) (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local.set $a1 (i32.add (local.get $a) (local.get $ars)))
    (local.set $a2 (i32.add (local.get $a1) (local.get $ars)))
    (local.set $a3 (i32.add (local.get $a2) (local.get $ars)))
    (loop $step
      (local.set $b0 (v128.load (local.get $b)))
      (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (v128.load32_splat (local.get $a)) (local.get $b0))))
      (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (v128.load32_splat (local.get $a1)) (local.get $b0))))
      (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (v128.load32_splat (local.get $a2)) (local.get $b0))))
      (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (v128.load32_splat (local.get $a3)) (local.get $b0))))
      (local.set $a (i32.add (local.get $a) (local.get $aps)))
      (local.set $a1 (i32.add (local.get $a1) (local.get $aps)))
      (local.set $a2 (i32.add (local.get $a2) (local.get $aps)))
      (local.set $a3 (i32.add (local.get $a3) (local.get $aps)))
      (local.set $b (i32.add (local.get $b) (local.get $bps)))
      (br_if $step (local.tee $k (i32.sub (local.get $k) (i32.const 1)))))
    (if (i32.eqz (i32.or (i32.or (local.get $rowFrom) (local.get $colFrom)) (i32.ne (local.get $ccs) (i32.const 4))))
      (then
        (local.set $a1 (i32.add (local.get $c) (local.get $crs)))
        (local.set $a2 (i32.add (local.get $a1) (local.get $crs)))
        (local.set $a3 (i32.add (local.get $a2) (local.get $crs)))
        (if (local.get $acc)
          (then
            (local.set $c0 (f32x4.add (local.get $c0) (v128.load (local.get $c))))
            (local.set $c1 (f32x4.add (local.get $c1) (v128.load (local.get $a1))))
            (local.set $c2 (f32x4.add (local.get $c2) (v128.load (local.get $a2))))
            (local.set $c3 (f32x4.add (local.get $c3) (v128.load (local.get $a3))))))
        (v128.store (local.get $c) (local.get $c0))
        (v128.store (local.get $a1) (local.get $c1))
        (v128.store (local.get $a2) (local.get $c2))
        (v128.store (local.get $a3) (local.get $c3))
        (return)))
    (if (i32.le_s (local.get $rowFrom) (i32.const 0))
      (then (call $store4 (local.get $c) (local.get $ccs) (local.get $c0) (local.get $colFrom) (local.get $acc))))
    (local.set $c (i32.add (local.get $c) (local.get $crs)))
    (if (i32.le_s (local.get $rowFrom) (i32.const 1))
      (then (call $store4 (local.get $c) (local.get $ccs) (local.get $c1) (local.get $colFrom) (local.get $acc))))
    (local.set $c (i32.add (local.get $c) (local.get $crs)))
    (if (i32.le_s (local.get $rowFrom) (i32.const 2))
      (then (call $store4 (local.get $c) (local.get $ccs) (local.get $c2) (local.get $colFrom) (local.get $acc))))
    (local.set $c (i32.add (local.get $c) (local.get $crs)))
    (if (i32.le_s (local.get $rowFrom) (i32.const 3))
      (then (call $store4 (local.get $c) (local.get $ccs) (local.get $c3) (local.get $colFrom) (local.get $acc)))))

  ;; Σ_p A(p) B(p) over k steps, A and B each read through one stride: the fallback for
  ;; cells no block covers.
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

  ;; The broadcast tiling over the whole of C, in passes of $depth steps along k; passes
  ;; after the first accumulate. Columns are walked outermost so that one strip of B is
  ;; reused by every block of rows.
  (func $broadcast
    (param $m i32) (param $n i32) (param $k i32)
    (param $a i32) (param $ars i32) (param $aps i32) (param $b i32) (param $bps i32)
    (param $c i32) (param $crs i32) (param $ccs i32) (param $acc i32)
    (local $p i32) (local $kb i32) (local $pacc i32) (local $width i32)
    (local $i i32) (local $i0 i32) (local $j i32) (local $j0 i32)
    (local $pa i32) (local $pb i32)
    (if (i32.lt_u (local.get $n) (i32.const 4))
      (then
        (loop $row
          (local.set $j (i32.const 0))
          (loop $col
            (call $store1
              (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $crs))) (i32.mul (local.get $j) (local.get $ccs)))
              (call $dotStrided
                (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $ars))) (local.get $aps)
                (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))) (local.get $bps) (local.get $k))
              (local.get $acc))
            (br_if $col (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 1))) (local.get $n))))
          (br_if $row (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $m))))
        (return)))
    (local.set $width (select (i32.const 8) (i32.const 4) (i32.ge_u (local.get $n) (i32.const 8))))
    (loop $pass
      (local.set $kb (select (global.get $depth) (i32.sub (local.get $k) (local.get $p))
        (i32.gt_u (i32.sub (local.get $k) (local.get $p)) (global.get $depth))))
      (local.set $pacc (i32.or (local.get $acc) (i32.ne (local.get $p) (i32.const 0))))
      (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $p) (local.get $aps))))
      (local.set $pb (i32.add (local.get $b) (i32.mul (local.get $p) (local.get $bps))))
      (local.set $j (i32.const 0))
      (loop $strip
        (local.set $j0 (select (local.get $j) (i32.sub (local.get $n) (local.get $width))
          (i32.le_u (i32.add (local.get $j) (local.get $width)) (local.get $n))))
        (local.set $i (i32.const 0))
        (loop $block
          (if (i32.ge_u (local.get $m) (i32.const 4))
            (then
              (local.set $i0 (select (local.get $i) (i32.sub (local.get $m) (i32.const 4))
                (i32.le_u (i32.add (local.get $i) (i32.const 4)) (local.get $m))))
              (call $tile
                (local.get $width)
                (i32.add (local.get $pa) (i32.mul (local.get $i0) (local.get $ars))) (local.get $ars) (local.get $aps)
                (i32.add (local.get $pb) (i32.shl (local.get $j0) (i32.const 2))) (local.get $bps) (local.get $kb)
                (i32.add (i32.add (local.get $c) (i32.mul (local.get $i0) (local.get $crs))) (i32.mul (local.get $j0) (local.get $ccs)))
                (local.get $crs) (local.get $ccs)
                (i32.sub (local.get $i) (local.get $i0)) (i32.sub (local.get $j) (local.get $j0)) (local.get $pacc))
              (local.set $i (i32.add (local.get $i) (i32.const 4))))
            (else
              ;; fewer than 4 rows: one row at a time, as a block of four copies of it
              ;; (row stride 0) of which only the last is stored
              (call $tile
                (local.get $width)
                (i32.add (local.get $pa) (i32.mul (local.get $i) (local.get $ars))) (i32.const 0) (local.get $aps)
                (i32.add (local.get $pb) (i32.shl (local.get $j0) (i32.const 2))) (local.get $bps) (local.get $kb)
                (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $crs))) (i32.mul (local.get $j0) (local.get $ccs)))
                (i32.const 0) (local.get $ccs)
                (i32.const 3) (i32.sub (local.get $j) (local.get $j0)) (local.get $pacc))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))))
          (br_if $block (i32.lt_u (local.get $i) (local.get $m))))
        (br_if $strip (i32.lt_u (local.tee $j (i32.add (local.get $j) (local.get $width))) (local.get $n))))
      (br_if $pass (i32.lt_u (local.tee $p (i32.add (local.get $p) (local.get $kb))) (local.get $k)))))

  (func $tile (param $width i32)
    (param $a i32) (param $ars i32) (param $aps i32) (param $b i32) (param $bps i32) (param $k i32)
    (param $c i32) (param $crs i32) (param $ccs i32) (param $rowFrom i32) (param $colFrom i32) (param $acc i32)
    (if (i32.eq (local.get $width) (i32.const 8))
      (then (call $tile4x8 (local.get $a) (local.get $ars) (local.get $aps) (local.get $b) (local.get $bps) (local.get $k)
        (local.get $c) (local.get $crs) (local.get $ccs) (local.get $rowFrom) (local.get $colFrom) (local.get $acc)))
      (else (call $tile4x4 (local.get $a) (local.get $ars) (local.get $aps) (local.get $b) (local.get $bps) (local.get $k)
        (local.get $c) (local.get $crs) (local.get $ccs) (local.get $rowFrom) (local.get $colFrom) (local.get $acc)))))

  ;; ------------------------------------------------------------------ entry

  ;; The kernel contract's gemm (plan/kernels.ts) with byte addresses, m, n, k >= 1, for
  ;; every case but A B^T, which is gemmDot.wat's.
  (func (export "gemm")
    (param $m i32) (param $n i32) (param $k i32) (param $a i32) (param $transA i32)
    (param $b i32) (param $transB i32) (param $c i32) (param $acc i32)
    (if (local.get $transB)
      (then
        (if (i32.eqz (local.get $transA)) (then (unreachable)))
        ;; (A^T B^T) = (B A)^T: B [n, k] is the left operand, A [k, m] the right, C written transposed
        (call $broadcast (local.get $n) (local.get $m) (local.get $k)
          (local.get $b) (i32.shl (local.get $k) (i32.const 2)) (i32.const 4)
          (local.get $a) (i32.shl (local.get $m) (i32.const 2))
          (local.get $c) (i32.const 4) (i32.shl (local.get $n) (i32.const 2)) (local.get $acc)))
      (else
        (if (local.get $transA)
          (then (call $broadcast (local.get $m) (local.get $n) (local.get $k)
            (local.get $a) (i32.const 4) (i32.shl (local.get $m) (i32.const 2))
            (local.get $b) (i32.shl (local.get $n) (i32.const 2))
            (local.get $c) (i32.shl (local.get $n) (i32.const 2)) (i32.const 4) (local.get $acc)))
          (else (call $broadcast (local.get $m) (local.get $n) (local.get $k)
            (local.get $a) (i32.shl (local.get $k) (i32.const 2)) (i32.const 4)
            (local.get $b) (i32.shl (local.get $n) (i32.const 2))
            (local.get $c) (i32.shl (local.get $n) (i32.const 2)) (i32.const 4) (local.get $acc))))))))
