;; Sliding windows over NHWC images in the shared memory: im2col and its adjoint col2im
;; (which turn a convolution and both its gradients into matrix multiplies), and max
;; pooling with the position of each maximum kept for the backward pass.
;;
;; Window arguments follow WindowShape in plan/kernels.ts: n, h, w, c, kh, kw, strideH,
;; strideW, padTop, padLeft, outH, outW, all in pixels. Addresses are in bytes.
;;
;; For one output pixel and one kernel row ky, the taps kx = 0..kw-1 read kw consecutive
;; pixels of one image row, and NHWC keeps each pixel's channels together, so the whole
;; row of the patch is one contiguous run of kw*c values: the kernels move runs, clipped
;; at the image's edges, instead of single values.
(module
  (import "env" "memory" (memory 0))

  ;; ------------------------------------------------------------------ runs of floats

  ;; bytes (a multiple of 4) of zeros at dst
  (func $zero (param $dst i32) (param $bytes i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $dst) (local.get $bytes)))
    (block $done
      (loop $wide
        (br_if $done (i32.gt_u (i32.add (local.get $dst) (i32.const 16)) (local.get $end)))
        (v128.store (local.get $dst) (v128.const i32x4 0 0 0 0))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $wide)))
    (block $finished
      (loop $narrow
        (br_if $finished (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst) (f32.const 0))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (br $narrow))))

  ;; dst[0..bytes) = src[0..bytes), or dst += src when add
  (func $run (param $dst i32) (param $src i32) (param $bytes i32) (param $add i32)
    (local $end i32) (local $v v128) (local $x f32)
    (local.set $end (i32.add (local.get $dst) (local.get $bytes)))
    (block $done
      (loop $wide
        (br_if $done (i32.gt_u (i32.add (local.get $dst) (i32.const 16)) (local.get $end)))
        (local.set $v (v128.load (local.get $src)))
        (if (local.get $add) (then (local.set $v (f32x4.add (v128.load (local.get $dst)) (local.get $v)))))
        (v128.store (local.get $dst) (local.get $v))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $wide)))
    (block $finished
      (loop $narrow
        (br_if $finished (i32.ge_u (local.get $dst) (local.get $end)))
        (local.set $x (f32.load (local.get $src)))
        (if (local.get $add) (then (local.set $x (f32.add (f32.load (local.get $dst)) (local.get $x)))))
        (f32.store (local.get $dst) (local.get $x))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (br $narrow))))

  ;; ------------------------------------------------------------------ im2col, col2im

  ;; Walks every patch row in cols order: output pixel (b, oy, ox), then ky. For each, the
  ;; taps kx0..kx1 that fall inside the image move as one run between x and cols
  ;; (im2col: copy into cols, padding taps zeroed; col2im: add into x, padding taps
  ;; dropped). A patch row is kw*c values long.
  (func $patches (param $x i32) (param $cols i32) (param $toCols i32)
    (param $n i32) (param $h i32) (param $w i32) (param $c i32) (param $kh i32) (param $kw i32)
    (param $sh i32) (param $sw i32) (param $padTop i32) (param $padLeft i32) (param $outH i32) (param $outW i32)
    (local $pixel i32) (local $tap i32) (local $patchRow i32) (local $image i32)
    (local $b i32) (local $oy i32) (local $ox i32) (local $ky i32) (local $iy i32) (local $ix0 i32)
    (local $kx0 i32) (local $kx1 i32) (local $at i32) (local $inside i32)
    (local.set $pixel (i32.shl (local.get $c) (i32.const 2)))
    (local.set $patchRow (i32.mul (local.get $kw) (local.get $pixel)))
    (local.set $image (i32.mul (i32.mul (local.get $h) (local.get $w)) (local.get $pixel)))
    (if (i32.eqz (i32.mul (i32.mul (local.get $n) (local.get $outH)) (local.get $outW))) (then (return)))
    (loop $images
      (local.set $oy (i32.const 0))
      (loop $rows
        (local.set $ox (i32.const 0))
        (loop $columns
          ;; taps kx0..kx1 of this output pixel lie inside the image, whatever the row
          (local.set $ix0 (i32.sub (i32.mul (local.get $ox) (local.get $sw)) (local.get $padLeft)))
          (local.set $kx0 (select (i32.sub (i32.const 0) (local.get $ix0)) (i32.const 0) (i32.lt_s (local.get $ix0) (i32.const 0))))
          (local.set $kx1 (select (i32.sub (local.get $w) (local.get $ix0)) (local.get $kw)
            (i32.lt_s (i32.sub (local.get $w) (local.get $ix0)) (local.get $kw))))
          ;; (a window wholly in the padding, which windowGeometry never makes, gets no taps)
          (if (i32.gt_s (local.get $kx0) (local.get $kw)) (then (local.set $kx0 (local.get $kw))))
          (if (i32.lt_s (local.get $kx1) (local.get $kx0)) (then (local.set $kx1 (local.get $kx0))))
          (local.set $ky (i32.const 0))
          (loop $taps
            (local.set $iy (i32.add (i32.sub (i32.mul (local.get $oy) (local.get $sh)) (local.get $padTop)) (local.get $ky)))
            (local.set $inside (i32.and (i32.ge_s (local.get $iy) (i32.const 0)) (i32.lt_s (local.get $iy) (local.get $h))))
            (if (local.get $inside)
              (then
                ;; the image pixel under tap kx0
                (local.set $at (i32.add
                  (i32.add (local.get $x) (i32.mul (local.get $b) (local.get $image)))
                  (i32.mul (i32.add (i32.mul (local.get $iy) (local.get $w)) (i32.add (local.get $ix0) (local.get $kx0))) (local.get $pixel))))
                (local.set $tap (i32.add (local.get $cols) (i32.mul (local.get $kx0) (local.get $pixel))))
                (if (local.get $toCols)
                  (then
                    ;; the zero runs are empty away from the image's left and right edges
                    (if (local.get $kx0) (then (call $zero (local.get $cols) (i32.mul (local.get $kx0) (local.get $pixel)))))
                    (call $run (local.get $tap) (local.get $at) (i32.mul (i32.sub (local.get $kx1) (local.get $kx0)) (local.get $pixel)) (i32.const 0))
                    (if (i32.lt_s (local.get $kx1) (local.get $kw))
                      (then (call $zero (i32.add (local.get $cols) (i32.mul (local.get $kx1) (local.get $pixel)))
                        (i32.mul (i32.sub (local.get $kw) (local.get $kx1)) (local.get $pixel))))))
                  (else
                    (call $run (local.get $at) (local.get $tap) (i32.mul (i32.sub (local.get $kx1) (local.get $kx0)) (local.get $pixel)) (i32.const 1)))))
              (else
                (if (local.get $toCols) (then (call $zero (local.get $cols) (local.get $patchRow))))))
            (local.set $cols (i32.add (local.get $cols) (local.get $patchRow)))
            (br_if $taps (i32.lt_u (local.tee $ky (i32.add (local.get $ky) (i32.const 1))) (local.get $kh))))
          (br_if $columns (i32.lt_u (local.tee $ox (i32.add (local.get $ox) (i32.const 1))) (local.get $outW))))
        (br_if $rows (i32.lt_u (local.tee $oy (i32.add (local.get $oy) (i32.const 1))) (local.get $outH))))
      (br_if $images (i32.lt_u (local.tee $b (i32.add (local.get $b) (i32.const 1))) (local.get $n)))))

  ;; cols [n*outH*outW, kh*kw*c] = the patches of x [n, h, w, c], padding read as 0
  (func (export "im2col") (param $x i32) (param $cols i32)
    (param $n i32) (param $h i32) (param $w i32) (param $c i32) (param $kh i32) (param $kw i32)
    (param $sh i32) (param $sw i32) (param $padTop i32) (param $padLeft i32) (param $outH i32) (param $outW i32)
    (call $patches (local.get $x) (local.get $cols) (i32.const 1) (local.get $n) (local.get $h) (local.get $w) (local.get $c)
      (local.get $kh) (local.get $kw) (local.get $sh) (local.get $sw) (local.get $padTop) (local.get $padLeft)
      (local.get $outH) (local.get $outW)))

  ;; dx [n, h, w, c] = Σ of the patch values in cols that read each pixel (overwritten)
  (func (export "col2im") (param $cols i32) (param $dx i32)
    (param $n i32) (param $h i32) (param $w i32) (param $c i32) (param $kh i32) (param $kw i32)
    (param $sh i32) (param $sw i32) (param $padTop i32) (param $padLeft i32) (param $outH i32) (param $outW i32)
    (call $zero (local.get $dx) (i32.shl (i32.mul (i32.mul (i32.mul (local.get $n) (local.get $h)) (local.get $w)) (local.get $c)) (i32.const 2)))
    (call $patches (local.get $dx) (local.get $cols) (i32.const 0) (local.get $n) (local.get $h) (local.get $w) (local.get $c)
      (local.get $kh) (local.get $kw) (local.get $sh) (local.get $sw) (local.get $padTop) (local.get $padLeft)
      (local.get $outH) (local.get $outW)))

  ;; ------------------------------------------------------------------ max pooling

  ;; y [n, outH, outW, c] = the maximum of each window over the pixels inside the image
  ;; (padding never wins); argmax (Int32) = the index, in cells from x, of the first
  ;; maximum in row-major order. Four channels at a time, then one at a time.
  (func (export "maxPool") (param $x i32) (param $y i32) (param $argmax i32)
    (param $n i32) (param $h i32) (param $w i32) (param $c i32) (param $kh i32) (param $kw i32)
    (param $sh i32) (param $sw i32) (param $padTop i32) (param $padLeft i32) (param $outH i32) (param $outW i32)
    (local $b i32) (local $oy i32) (local $ox i32) (local $ch i32)
    (local $y0 i32) (local $y1 i32) (local $x0 i32) (local $x1 i32) (local $rows i32) (local $cols i32)
    (local $first i32) (local $out i32) (local $rowAt i32) (local $at i32) (local $i i32) (local $j i32) (local $rowCells i32)
    (local $v v128) (local $best v128) (local $index v128) (local $wins v128)
    (local $s f32) (local $top f32) (local $topAt i32)
    (if (i32.eqz (i32.mul (i32.mul (i32.mul (local.get $n) (local.get $outH)) (local.get $outW)) (local.get $c))) (then (return)))
    (local.set $rowCells (i32.mul (local.get $w) (local.get $c)))
    (loop $images
      (local.set $oy (i32.const 0))
      (loop $rows
        (local.set $y0 (i32.sub (i32.mul (local.get $oy) (local.get $sh)) (local.get $padTop)))
        (local.set $y1 (i32.add (local.get $y0) (local.get $kh)))
        (if (i32.lt_s (local.get $y0) (i32.const 0)) (then (local.set $y0 (i32.const 0))))
        (if (i32.gt_s (local.get $y1) (local.get $h)) (then (local.set $y1 (local.get $h))))
        (local.set $ox (i32.const 0))
        (loop $columns
          (local.set $x0 (i32.sub (i32.mul (local.get $ox) (local.get $sw)) (local.get $padLeft)))
          (local.set $x1 (i32.add (local.get $x0) (local.get $kw)))
          (if (i32.lt_s (local.get $x0) (i32.const 0)) (then (local.set $x0 (i32.const 0))))
          (if (i32.gt_s (local.get $x1) (local.get $w)) (then (local.set $x1 (local.get $w))))
          ;; cells of channel 0: the window's first pixel in x, this output pixel in y
          (local.set $first (call $cell (local.get $b) (local.get $y0) (local.get $x0) (i32.const 0) (local.get $h) (local.get $w) (local.get $c)))
          (local.set $out (i32.shl (call $cell (local.get $b) (local.get $oy) (local.get $ox) (i32.const 0)
            (local.get $outH) (local.get $outW) (local.get $c)) (i32.const 2)))
          (local.set $rows (i32.sub (local.get $y1) (local.get $y0)))
          (local.set $cols (i32.sub (local.get $x1) (local.get $x0)))
          ;; a window always holds a pixel of the image (windowGeometry); this guards the loops below
          (local.set $ch (select (i32.const 0) (local.get $c) (i32.and (i32.gt_s (local.get $rows) (i32.const 0)) (i32.gt_s (local.get $cols) (i32.const 0)))))
          (block $channelsDone
            (loop $channels
              (br_if $channelsDone (i32.ge_u (local.get $ch) (local.get $c)))
              ;; the window's first pixel starts the race; a later one wins only when larger
              (local.set $rowAt (i32.add (local.get $first) (local.get $ch)))
              (local.set $i (local.get $rows))
              (if (i32.le_u (i32.add (local.get $ch) (i32.const 4)) (local.get $c))
                (then
                  (local.set $best (v128.load (i32.add (local.get $x) (i32.shl (local.get $rowAt) (i32.const 2)))))
                  (local.set $index (i32x4.add (i32x4.splat (local.get $rowAt)) (v128.const i32x4 0 1 2 3)))
                  (loop $windowRows
                    (local.set $at (local.get $rowAt))
                    (local.set $j (local.get $cols))
                    (loop $windowColumns
                      (local.set $v (v128.load (i32.add (local.get $x) (i32.shl (local.get $at) (i32.const 2)))))
                      (local.set $wins (f32x4.gt (local.get $v) (local.get $best)))
                      (local.set $best (v128.bitselect (local.get $v) (local.get $best) (local.get $wins)))
                      (local.set $index (v128.bitselect
                        (i32x4.add (i32x4.splat (local.get $at)) (v128.const i32x4 0 1 2 3)) (local.get $index) (local.get $wins)))
                      (local.set $at (i32.add (local.get $at) (local.get $c)))
                      (br_if $windowColumns (local.tee $j (i32.sub (local.get $j) (i32.const 1)))))
                    (local.set $rowAt (i32.add (local.get $rowAt) (local.get $rowCells)))
                    (br_if $windowRows (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
                  (v128.store (i32.add (local.get $y) (local.get $out)) (local.get $best))
                  (v128.store (i32.add (local.get $argmax) (local.get $out)) (local.get $index))
                  (local.set $out (i32.add (local.get $out) (i32.const 16)))
                  (local.set $ch (i32.add (local.get $ch) (i32.const 4))))
                (else
                  (local.set $topAt (local.get $rowAt))
                  (local.set $top (f32.load (i32.add (local.get $x) (i32.shl (local.get $rowAt) (i32.const 2)))))
                  (loop $windowRows1
                    (local.set $at (local.get $rowAt))
                    (local.set $j (local.get $cols))
                    (loop $windowColumns1
                      (local.set $s (f32.load (i32.add (local.get $x) (i32.shl (local.get $at) (i32.const 2)))))
                      (if (f32.gt (local.get $s) (local.get $top))
                        (then (local.set $top (local.get $s)) (local.set $topAt (local.get $at))))
                      (local.set $at (i32.add (local.get $at) (local.get $c)))
                      (br_if $windowColumns1 (local.tee $j (i32.sub (local.get $j) (i32.const 1)))))
                    (local.set $rowAt (i32.add (local.get $rowAt) (local.get $rowCells)))
                    (br_if $windowRows1 (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
                  (f32.store (i32.add (local.get $y) (local.get $out)) (local.get $top))
                  (i32.store (i32.add (local.get $argmax) (local.get $out)) (local.get $topAt))
                  (local.set $out (i32.add (local.get $out) (i32.const 4)))
                  (local.set $ch (i32.add (local.get $ch) (i32.const 1)))))
              (br $channels)))
          (br_if $columns (i32.lt_u (local.tee $ox (i32.add (local.get $ox) (i32.const 1))) (local.get $outW))))
        (br_if $rows (i32.lt_u (local.tee $oy (i32.add (local.get $oy) (i32.const 1))) (local.get $outH))))
      (br_if $images (i32.lt_u (local.tee $b (i32.add (local.get $b) (i32.const 1))) (local.get $n)))))

  ;; the cell index of [b, row, column, channel] in an NHWC array of height h, width w, c channels
  (func $cell (param $b i32) (param $row i32) (param $column i32) (param $channel i32) (param $h i32) (param $w i32) (param $c i32) (result i32)
    (i32.add
      (i32.mul (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $h)) (local.get $row)) (local.get $w)) (local.get $column)) (local.get $c))
      (local.get $channel)))

  ;; dx (xSize cells, zeroed first) += dy at each argmax; ySize cells of dy and argmax
  (func (export "maxPoolGrad") (param $dy i32) (param $argmax i32) (param $dx i32) (param $ySize i32) (param $xSize i32)
    (local $end i32) (local $at i32)
    (call $zero (local.get $dx) (i32.shl (local.get $xSize) (i32.const 2)))
    (local.set $end (i32.add (local.get $dy) (i32.shl (local.get $ySize) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $dy) (local.get $end)))
        (local.set $at (i32.add (local.get $dx) (i32.shl (i32.load (local.get $argmax)) (i32.const 2))))
        (f32.store (local.get $at) (f32.add (f32.load (local.get $at)) (f32.load (local.get $dy))))
        (local.set $dy (i32.add (local.get $dy) (i32.const 4)))
        (local.set $argmax (i32.add (local.get $argmax) (i32.const 4)))
        (br $each)))))
