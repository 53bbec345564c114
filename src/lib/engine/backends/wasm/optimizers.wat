;; Weight updates in Keras's forms, in place on float32 arrays in the shared memory.
;; Addresses are in bytes. Each update is written twice, the same formula: four weights
;; at a time, then the last size mod 4 one by one. The caller passes 1 - β (and 1 - ρ)
;; computed in double precision, as models/optimizers.ts computes them, rather than
;; rounding β to float32 first.
(module
  (import "env" "memory" (memory 0))

  ;; momentum 0: w -= lr·g; else v = momentum·v - lr·g, w += v
  (func (export "sgd") (param $w i32) (param $g i32) (param $v i32) (param $size i32) (param $lr f32) (param $momentum f32)
    (local $end i32) (local $lr4 v128) (local $mu4 v128) (local $nv v128) (local $s f32)
    (local.set $end (i32.add (local.get $w) (i32.shl (local.get $size) (i32.const 2))))
    (local.set $lr4 (f32x4.splat (local.get $lr)))
    (local.set $mu4 (f32x4.splat (local.get $momentum)))
    (if (f32.eq (local.get $momentum) (f32.const 0))
      (then
        (block $wideDone
          (loop $wide
            (br_if $wideDone (i32.gt_u (i32.add (local.get $w) (i32.const 16)) (local.get $end)))
            (v128.store (local.get $w) (f32x4.sub (v128.load (local.get $w)) (f32x4.mul (local.get $lr4) (v128.load (local.get $g)))))
            (local.set $w (i32.add (local.get $w) (i32.const 16)))
            (local.set $g (i32.add (local.get $g) (i32.const 16)))
            (br $wide)))
        (block $narrowDone
          (loop $narrow
            (br_if $narrowDone (i32.ge_u (local.get $w) (local.get $end)))
            (f32.store (local.get $w) (f32.sub (f32.load (local.get $w)) (f32.mul (local.get $lr) (f32.load (local.get $g)))))
            (local.set $w (i32.add (local.get $w) (i32.const 4)))
            (local.set $g (i32.add (local.get $g) (i32.const 4)))
            (br $narrow)))
        (return)))
    (block $wideDone
      (loop $wide
        (br_if $wideDone (i32.gt_u (i32.add (local.get $w) (i32.const 16)) (local.get $end)))
        (local.set $nv (f32x4.sub (f32x4.mul (local.get $mu4) (v128.load (local.get $v))) (f32x4.mul (local.get $lr4) (v128.load (local.get $g)))))
        (v128.store (local.get $v) (local.get $nv))
        (v128.store (local.get $w) (f32x4.add (v128.load (local.get $w)) (local.get $nv)))
        (local.set $w (i32.add (local.get $w) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (br $wide)))
    (block $narrowDone
      (loop $narrow
        (br_if $narrowDone (i32.ge_u (local.get $w) (local.get $end)))
        (local.set $s (f32.sub (f32.mul (local.get $momentum) (f32.load (local.get $v))) (f32.mul (local.get $lr) (f32.load (local.get $g)))))
        (f32.store (local.get $v) (local.get $s))
        (f32.store (local.get $w) (f32.add (f32.load (local.get $w)) (local.get $s)))
        (local.set $w (i32.add (local.get $w) (i32.const 4)))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (local.set $v (i32.add (local.get $v) (i32.const 4)))
        (br $narrow))))

  ;; m += (g - m)(1 - β1); v += (g² - v)(1 - β2); w -= alpha·m / (√v + ε)
  (func (export "adam") (param $w i32) (param $g i32) (param $m i32) (param $v i32) (param $size i32)
    (param $alpha f32) (param $oneMinusBeta1 f32) (param $oneMinusBeta2 f32) (param $epsilon f32)
    (local $end i32) (local $gv v128) (local $mv v128) (local $vv v128) (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $end (i32.add (local.get $w) (i32.shl (local.get $size) (i32.const 2))))
    (block $wideDone
      (loop $wide
        (br_if $wideDone (i32.gt_u (i32.add (local.get $w) (i32.const 16)) (local.get $end)))
        (local.set $gv (v128.load (local.get $g)))
        (local.set $mv (v128.load (local.get $m)))
        (local.set $vv (v128.load (local.get $v)))
        (local.set $mv (f32x4.add (local.get $mv) (f32x4.mul (f32x4.sub (local.get $gv) (local.get $mv)) (f32x4.splat (local.get $oneMinusBeta1)))))
        (local.set $vv (f32x4.add (local.get $vv)
          (f32x4.mul (f32x4.sub (f32x4.mul (local.get $gv) (local.get $gv)) (local.get $vv)) (f32x4.splat (local.get $oneMinusBeta2)))))
        (v128.store (local.get $m) (local.get $mv))
        (v128.store (local.get $v) (local.get $vv))
        (v128.store (local.get $w) (f32x4.sub (v128.load (local.get $w))
          (f32x4.div (f32x4.mul (f32x4.splat (local.get $alpha)) (local.get $mv))
            (f32x4.add (f32x4.sqrt (local.get $vv)) (f32x4.splat (local.get $epsilon))))))
        (local.set $w (i32.add (local.get $w) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $m (i32.add (local.get $m) (i32.const 16)))
        (local.set $v (i32.add (local.get $v) (i32.const 16)))
        (br $wide)))
    (block $narrowDone
      (loop $narrow
        (br_if $narrowDone (i32.ge_u (local.get $w) (local.get $end)))
        (local.set $gs (f32.load (local.get $g)))
        (local.set $ms (f32.load (local.get $m)))
        (local.set $vs (f32.load (local.get $v)))
        (local.set $ms (f32.add (local.get $ms) (f32.mul (f32.sub (local.get $gs) (local.get $ms)) (local.get $oneMinusBeta1))))
        (local.set $vs (f32.add (local.get $vs)
          (f32.mul (f32.sub (f32.mul (local.get $gs) (local.get $gs)) (local.get $vs)) (local.get $oneMinusBeta2))))
        (f32.store (local.get $m) (local.get $ms))
        (f32.store (local.get $v) (local.get $vs))
        (f32.store (local.get $w) (f32.sub (f32.load (local.get $w))
          (f32.div (f32.mul (local.get $alpha) (local.get $ms)) (f32.add (f32.sqrt (local.get $vs)) (local.get $epsilon)))))
        (local.set $w (i32.add (local.get $w) (i32.const 4)))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (local.set $m (i32.add (local.get $m) (i32.const 4)))
        (local.set $v (i32.add (local.get $v) (i32.const 4)))
        (br $narrow))))

  ;; ag = ρ·ag + (1 - ρ)g²; d = √(ad + ε) / √(ag + ε) · g; ad = ρ·ad + (1 - ρ)d²; w -= lr·d
  (func (export "adadelta") (param $w i32) (param $g i32) (param $ag i32) (param $ad i32) (param $size i32)
    (param $lr f32) (param $rho f32) (param $oneMinusRho f32) (param $epsilon f32)
    (local $end i32) (local $gv v128) (local $agv v128) (local $adv v128) (local $d v128)
    (local $gs f32) (local $ags f32) (local $ads f32) (local $ds f32)
    (local.set $end (i32.add (local.get $w) (i32.shl (local.get $size) (i32.const 2))))
    (block $wideDone
      (loop $wide
        (br_if $wideDone (i32.gt_u (i32.add (local.get $w) (i32.const 16)) (local.get $end)))
        (local.set $gv (v128.load (local.get $g)))
        (local.set $agv (f32x4.add (f32x4.mul (f32x4.splat (local.get $rho)) (v128.load (local.get $ag)))
          (f32x4.mul (f32x4.splat (local.get $oneMinusRho)) (f32x4.mul (local.get $gv) (local.get $gv)))))
        (local.set $adv (v128.load (local.get $ad)))
        (local.set $d (f32x4.mul
          (f32x4.div (f32x4.sqrt (f32x4.add (local.get $adv) (f32x4.splat (local.get $epsilon))))
            (f32x4.sqrt (f32x4.add (local.get $agv) (f32x4.splat (local.get $epsilon)))))
          (local.get $gv)))
        (v128.store (local.get $ag) (local.get $agv))
        (v128.store (local.get $ad) (f32x4.add (f32x4.mul (f32x4.splat (local.get $rho)) (local.get $adv))
          (f32x4.mul (f32x4.splat (local.get $oneMinusRho)) (f32x4.mul (local.get $d) (local.get $d)))))
        (v128.store (local.get $w) (f32x4.sub (v128.load (local.get $w)) (f32x4.mul (f32x4.splat (local.get $lr)) (local.get $d))))
        (local.set $w (i32.add (local.get $w) (i32.const 16)))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $ag (i32.add (local.get $ag) (i32.const 16)))
        (local.set $ad (i32.add (local.get $ad) (i32.const 16)))
        (br $wide)))
    (block $narrowDone
      (loop $narrow
        (br_if $narrowDone (i32.ge_u (local.get $w) (local.get $end)))
        (local.set $gs (f32.load (local.get $g)))
        (local.set $ags (f32.add (f32.mul (local.get $rho) (f32.load (local.get $ag)))
          (f32.mul (local.get $oneMinusRho) (f32.mul (local.get $gs) (local.get $gs)))))
        (local.set $ads (f32.load (local.get $ad)))
        (local.set $ds (f32.mul
          (f32.div (f32.sqrt (f32.add (local.get $ads) (local.get $epsilon))) (f32.sqrt (f32.add (local.get $ags) (local.get $epsilon))))
          (local.get $gs)))
        (f32.store (local.get $ag) (local.get $ags))
        (f32.store (local.get $ad) (f32.add (f32.mul (local.get $rho) (local.get $ads))
          (f32.mul (local.get $oneMinusRho) (f32.mul (local.get $ds) (local.get $ds)))))
        (f32.store (local.get $w) (f32.sub (f32.load (local.get $w)) (f32.mul (local.get $lr) (local.get $ds))))
        (local.set $w (i32.add (local.get $w) (i32.const 4)))
        (local.set $g (i32.add (local.get $g) (i32.const 4)))
        (local.set $ag (i32.add (local.get $ag) (i32.const 4)))
        (local.set $ad (i32.add (local.get $ad) (i32.const 4)))
        (br $narrow)))))
