import type { WindowGeometry } from '../../windowGeometry';

/**
 * The one walk that conv2d and its two gradients share: every output position (b, oy, ox)
 * with every tap (ky, kx) of its window that lands inside the image, at
 *   iy = oy * sh + ky - padTop,  ix = ox * sw + kx - padLeft.
 * `visit` gets the output position's index (b * outH + oy) * outW + ox, the input pixel's
 * (b * h + iy) * w + ix and the tap's ky * kw + kx; padding positions are never visited,
 * so they read as 0 and receive nothing.
 */
export function forEachTap(
  xShape: readonly number[],
  [kh, kw]: readonly number[],
  [sh, sw]: readonly [number, number],
  { outH, outW, padTop, padLeft }: WindowGeometry,
  visit: (position: number, pixel: number, tap: number) => void
): void {
  const [n, h, w] = xShape;
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        const position = (b * outH + oy) * outW + ox;
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh + ky - padTop;
          if (iy < 0 || iy >= h) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * sw + kx - padLeft;
            if (ix < 0 || ix >= w) continue;
            visit(position, (b * h + iy) * w + ix, ky * kw + kx);
          }
        }
      }
    }
  }
}
