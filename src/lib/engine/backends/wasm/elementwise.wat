;; Elementwise arithmetic, column sums and a finiteness count on float32 arrays in the
;; shared memory. Addresses are in bytes. Arrays are walked four values at a time while
;; four remain, then one by one.
(module
  (import "env" "memory" (memory 0))

  ;; 0 add, 1 sub, 2 mul, 3 div, 4 max, 5 min; max and min as x >= y ? x : y and
  ;; x <= y ? x : y, so that NaN and signed zeros come out as in the reference backend
  (func $op (param $x v128) (param $y v128) (param $op i32) (result v128)
    (block $min (block $max (block $div (block $mul (block $sub (block $add
      (br_table $add $sub $mul $div $max $min (local.get $op)))
      (return (f32x4.add (local.get $x) (local.get $y))))
      (return (f32x4.sub (local.get $x) (local.get $y))))
      (return (f32x4.mul (local.get $x) (local.get $y))))
      (return (f32x4.div (local.get $x) (local.get $y))))
      (return (v128.bitselect (local.get $x) (local.get $y) (f32x4.ge (local.get $x) (local.get $y)))))
    (v128.bitselect (local.get $x) (local.get $y) (f32x4.le (local.get $x) (local.get $y))))

  ;; out[i] = a[i] op b[i] over bytes, or a[i] op b[0] when b is one value; the last
  ;; values one by one through the same vector code (loaded into lane 0, stored from it)
  (func $pairs (param $a i32) (param $b i32) (param $out i32) (param $bytes i32) (param $op i32) (param $oneB i32)
    (local $j i32) (local $y v128)
    (local.set $y (v128.load32_splat (local.get $b)))
    (block $wideDone
      (loop $wide
        (br_if $wideDone (i32.gt_u (i32.add (local.get $j) (i32.const 16)) (local.get $bytes)))
        (if (i32.eqz (local.get $oneB)) (then (local.set $y (v128.load (i32.add (local.get $b) (local.get $j))))))
        (v128.store (i32.add (local.get $out) (local.get $j))
          (call $op (v128.load (i32.add (local.get $a) (local.get $j))) (local.get $y) (local.get $op)))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $wide)))
    (block $narrowDone
      (loop $narrow
        (br_if $narrowDone (i32.ge_u (local.get $j) (local.get $bytes)))
        (if (i32.eqz (local.get $oneB)) (then (local.set $y (v128.load32_zero (i32.add (local.get $b) (local.get $j))))))
        (v128.store32_lane 0 (i32.add (local.get $out) (local.get $j))
          (call $op (v128.load32_zero (i32.add (local.get $a) (local.get $j))) (local.get $y) (local.get $op)))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $narrow))))

  ;; out[i] = a[i] op b[i mod period] for size values: b has a's size, is repeated over
  ;; a's leading axes (a bias), or is one value (period 1)
  (func (export "binary") (param $op i32) (param $a i32) (param $b i32) (param $out i32) (param $size i32) (param $period i32)
    (local $bytes i32) (local $end i32)
    (if (i32.eq (local.get $period) (i32.const 1))
      (then
        (call $pairs (local.get $a) (local.get $b) (local.get $out) (i32.shl (local.get $size) (i32.const 2)) (local.get $op) (i32.const 1))
        (return)))
    (local.set $bytes (i32.shl (local.get $period) (i32.const 2)))
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $size) (i32.const 2))))
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (call $pairs (local.get $a) (local.get $b) (local.get $out) (local.get $bytes) (local.get $op) (i32.const 0))
        (local.set $a (i32.add (local.get $a) (local.get $bytes)))
        (local.set $out (i32.add (local.get $out) (local.get $bytes)))
        (br $block))))

  ;; out[i] = a[i] · b[i] (dropout's mask, forward and backward)
  (func (export "multiply") (param $a i32) (param $b i32) (param $out i32) (param $size i32)
    (local $j i32) (local $bytes i32)
    (local.set $bytes (i32.shl (local.get $size) (i32.const 2)))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $j) (local.get $bytes)))
        (if (i32.le_u (i32.add (local.get $j) (i32.const 16)) (local.get $bytes))
          (then
            (v128.store (i32.add (local.get $out) (local.get $j))
              (f32x4.mul (v128.load (i32.add (local.get $a) (local.get $j))) (v128.load (i32.add (local.get $b) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 16))))
          (else
            (f32.store (i32.add (local.get $out) (local.get $j))
              (f32.mul (f32.load (i32.add (local.get $a) (local.get $j))) (f32.load (i32.add (local.get $b) (local.get $j)))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))))
        (br $each))))

  ;; db[j] = Σ_r dz[r, j]: every row of dz added into db in turn (db stays in cache)
  (func (export "columnSum") (param $dz i32) (param $db i32) (param $rows i32) (param $cols i32)
    (local $bytes i32) (local $j i32) (local $at i32)
    (local.set $bytes (i32.shl (local.get $cols) (i32.const 2)))
    (block $zeroDone
      (loop $zero
        (br_if $zeroDone (i32.ge_u (local.get $j) (local.get $bytes)))
        (f32.store (i32.add (local.get $db) (local.get $j)) (f32.const 0))
        (local.set $j (i32.add (local.get $j) (i32.const 4)))
        (br $zero)))
    (block $done
      (loop $row
        (br_if $done (i32.eqz (local.get $rows)))
        (local.set $j (i32.const 0))
        (block $rowDone
          (loop $each
            (br_if $rowDone (i32.ge_u (local.get $j) (local.get $bytes)))
            (local.set $at (i32.add (local.get $db) (local.get $j)))
            (if (i32.le_u (i32.add (local.get $j) (i32.const 16)) (local.get $bytes))
              (then
                (v128.store (local.get $at) (f32x4.add (v128.load (local.get $at)) (v128.load (i32.add (local.get $dz) (local.get $j)))))
                (local.set $j (i32.add (local.get $j) (i32.const 16))))
              (else
                (f32.store (local.get $at) (f32.add (f32.load (local.get $at)) (f32.load (i32.add (local.get $dz) (local.get $j)))))
                (local.set $j (i32.add (local.get $j) (i32.const 4)))))
            (br $each)))
        (local.set $dz (i32.add (local.get $dz) (local.get $bytes)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))

  ;; how many of the size values at p are NaN or ±Infinity (all exponent bits set)
  (func (export "countNonFinite") (param $p i32) (param $size i32) (result i32)
    (local $end i32) (local $count v128) (local $n i32)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $size) (i32.const 2))))
    (block $wideDone
      (loop $wide
        (br_if $wideDone (i32.gt_u (i32.add (local.get $p) (i32.const 16)) (local.get $end)))
        ;; a lane that matches is -1: subtracting it counts it
        (local.set $count (i32x4.sub (local.get $count)
          (i32x4.eq (v128.and (v128.load (local.get $p)) (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000))
            (v128.const i32x4 0x7f800000 0x7f800000 0x7f800000 0x7f800000))))
        (local.set $p (i32.add (local.get $p) (i32.const 16)))
        (br $wide)))
    (local.set $n (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $count)) (i32x4.extract_lane 1 (local.get $count)))
      (i32.add (i32x4.extract_lane 2 (local.get $count)) (i32x4.extract_lane 3 (local.get $count)))))
    (block $narrowDone
      (loop $narrow
        (br_if $narrowDone (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $n (i32.add (local.get $n)
          (i32.eq (i32.and (i32.load (local.get $p)) (i32.const 0x7f800000)) (i32.const 0x7f800000))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $narrow)))
    (local.get $n)))
