/**
 * A drawing made into a digit the way MNIST's digits were made (LeCun, Cortes &
 * Burges): the ink's bounding box is scaled, aspect ratio kept, to fit a 20×20 box
 * (grey levels from the area each new pixel covers, as their anti-aliasing did), and
 * that box is placed in a 28×28 field so its centre of mass lies at the field's centre.
 * A network trained on MNIST only knows digits framed like this: a small digit in a
 * corner of the pad would otherwise look like nothing it has seen.
 */

/** Grey levels, row-major, 0 paper .. 1 ink. */
export interface GreyImage {
  width: number;
  height: number;
  data: Float32Array;
}

export const MNIST_SIDE = 28;
export const MNIST_BOX = 20;

/** Below this a pixel is paper: faint anti-aliasing dust must not stretch the bounding box. */
const INK = 0.02;

/** The smallest rectangle holding every inked pixel, or null when there is none. */
export function inkBounds(image: GreyImage): { x: number; y: number; width: number; height: number } | null {
  const { width, height, data } = image;
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[y * width + x] <= INK) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** The ink-weighted mean position, in pixel units with pixel centres at i + 0.5; null for a blank image. */
export function centreOfMass(image: GreyImage): { x: number; y: number } | null {
  const { width, height, data } = image;
  let mass = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = data[y * width + x];
      mass += v;
      sx += v * (x + 0.5);
      sy += v * (y + 0.5);
    }
  }
  return mass > 0 ? { x: sx / mass, y: sy / mass } : null;
}

/** Length of the overlap of [a0, a1) and [b0, b1). */
const overlap = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

/**
 * Resamples the rectangle of `image` starting at (left, top) by `scale` into an image
 * `width`×`height`: each new pixel is the mean of the source area it covers, so thin
 * strokes turn grey rather than vanish when shrunk.
 */
function resampleArea(image: GreyImage, left: number, top: number, scale: number, width: number, height: number): GreyImage {
  const out = new Float32Array(width * height);
  const span = 1 / scale;
  for (let ty = 0; ty < height; ty++) {
    const sy0 = top + ty * span;
    const sy1 = sy0 + span;
    for (let tx = 0; tx < width; tx++) {
      const sx0 = left + tx * span;
      const sx1 = sx0 + span;
      let sum = 0;
      for (let y = Math.floor(sy0); y < Math.min(image.height, Math.ceil(sy1)); y++) {
        const wy = overlap(y, y + 1, sy0, sy1);
        for (let x = Math.floor(sx0); x < Math.min(image.width, Math.ceil(sx1)); x++) {
          sum += wy * overlap(x, x + 1, sx0, sx1) * image.data[y * image.width + x];
        }
      }
      out[ty * width + tx] = Math.min(1, sum / (span * span));
    }
  }
  return { width, height, data: out };
}

/**
 * The 28×28 digit (784 grey levels, row-major, 0..1) a drawing becomes, or null when
 * nothing is drawn. The shift that centres the mass is rounded to whole pixels, as
 * MNIST's was, and never pushes ink off the field (only a lopsided stroke would need it).
 */
export function preprocessDrawing(image: GreyImage): Float32Array | null {
  if (image.data.length !== image.width * image.height) {
    throw new Error(`preprocessDrawing: ${image.data.length} values for ${image.width}×${image.height}`);
  }
  const box = inkBounds(image);
  if (!box) return null;
  const scale = MNIST_BOX / Math.max(box.width, box.height);
  const width = Math.max(1, Math.min(MNIST_BOX, Math.round(box.width * scale)));
  const height = Math.max(1, Math.min(MNIST_BOX, Math.round(box.height * scale)));
  const fitted = resampleArea(image, box.x, box.y, scale, width, height);
  const mass = centreOfMass(fitted);
  if (!mass) return null;
  const place = (centre: number, size: number) => Math.min(MNIST_SIDE - size, Math.max(0, Math.round(MNIST_SIDE / 2 - centre)));
  const left = place(mass.x, width);
  const top = place(mass.y, height);
  const out = new Float32Array(MNIST_SIDE * MNIST_SIDE);
  for (let y = 0; y < height; y++) out.set(fitted.data.subarray(y * width, (y + 1) * width), (top + y) * MNIST_SIDE + left);
  return out;
}

/** Ink from RGBA pixels drawn on a transparent canvas: the alpha channel, 0..1. */
export function alphaToGrey(rgba: Uint8ClampedArray, width: number, height: number): GreyImage {
  const data = new Float32Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = rgba[i * 4 + 3] / 255;
  return { width, height, data };
}
