import { describe, expect, it } from 'vitest';
import { alphaToGrey, centreOfMass, inkBounds, MNIST_SIDE, preprocessDrawing, type GreyImage } from '../../src/lib/sim/mnistPreprocess';

/** A blank pad, and ink painted into it rectangle by rectangle. */
function pad(width = 280, height = 280): GreyImage {
  return { width, height, data: new Float32Array(width * height) };
}
function paint(image: GreyImage, x: number, y: number, w: number, h: number, value = 1): GreyImage {
  for (let r = y; r < y + h; r++) for (let c = x; c < x + w; c++) image.data[r * image.width + c] = value;
  return image;
}
const digit = (data: Float32Array): GreyImage => ({ width: MNIST_SIDE, height: MNIST_SIDE, data });
const sum = (data: Float32Array) => data.reduce((s, v) => s + v, 0);

/** An "L": a tall bar with a foot to the right, so its mass sits left of and below its box's centre. */
function ell(image: GreyImage, x: number, y: number, unit: number): GreyImage {
  paint(image, x, y, unit, 6 * unit);
  return paint(image, x, y + 5 * unit, 4 * unit, unit);
}

describe('preprocessDrawing', () => {
  it('returns null for an empty pad, and for dust too faint to be ink', () => {
    expect(preprocessDrawing(pad())).toBeNull();
    expect(preprocessDrawing(paint(pad(), 10, 10, 50, 50, 0.01))).toBeNull();
  });

  it('scales the ink to fit 20×20, keeping the aspect ratio', () => {
    const tall = digit(preprocessDrawing(paint(pad(), 100, 30, 40, 80)) as Float32Array);
    expect(inkBounds(tall)).toMatchObject({ width: 10, height: 20 });
    const wide = digit(preprocessDrawing(paint(pad(), 20, 200, 200, 40)) as Float32Array);
    expect(inkBounds(wide)).toMatchObject({ width: 20, height: 4 });
  });

  it('puts the centre of mass, not the centre of the box, at the middle of 28×28', () => {
    const out = digit(preprocessDrawing(ell(pad(), 30, 40, 20)) as Float32Array);
    const box = inkBounds(out)!;
    expect(box.height).toBe(20);
    const mass = centreOfMass(out)!;
    expect(Math.abs(mass.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(mass.y - 14)).toBeLessThanOrEqual(0.5);
    // the box itself is off-centre: the foot pulls the mass right and down of the bar
    expect(box.x + box.width / 2).toBeGreaterThan(14.5);
    expect(box.y + box.height / 2).toBeLessThan(13.5);
  });

  it('gives the same digit wherever, and however large, the stroke is drawn', () => {
    const small = preprocessDrawing(ell(pad(), 10, 10, 10)) as Float32Array;
    const large = preprocessDrawing(ell(pad(), 120, 90, 30)) as Float32Array;
    const other = preprocessDrawing(ell(pad(400, 300), 200, 5, 40)) as Float32Array;
    expect(Array.from(large)).toEqual(Array.from(small));
    expect(Array.from(other)).toEqual(Array.from(small));
  });

  it('turns a thin shrunk stroke grey instead of losing it, and keeps its ink', () => {
    // a 2-pixel line 200 long shrinks tenfold: 0.2 of a pixel wide, so grey at 0.2
    const image = paint(pad(), 40, 100, 200, 2);
    const out = preprocessDrawing(image) as Float32Array;
    const scale = 20 / 200;
    expect(sum(out)).toBeCloseTo(sum(image.data) * scale * scale, 3);
    expect(Math.max(...out)).toBeCloseTo(0.2, 5);
  });

  it('never pushes ink off the field', () => {
    // a heavy blob at one end of a long faint stroke: centring the mass alone would cut the stroke
    const image = pad();
    paint(image, 20, 100, 240, 10, 0.05);
    paint(image, 20, 100, 20, 10, 1);
    const out = preprocessDrawing(image) as Float32Array;
    const scale = 20 / 240;
    expect(sum(out)).toBeCloseTo(sum(image.data) * scale * scale, 3);
    // unclamped, the mass (~4.5 px from the left end) would put the box at x = 10, its end past 28
    expect(inkBounds(digit(out))).toMatchObject({ x: MNIST_SIDE - 20, width: 20 });
  });

  it('rejects data that does not match its size', () => {
    expect(() => preprocessDrawing({ width: 10, height: 10, data: new Float32Array(99) })).toThrow(/99 values for 10×10/);
  });
});

describe('alphaToGrey', () => {
  it('reads ink from the alpha channel, whatever the colour', () => {
    const rgba = new Uint8ClampedArray([0, 0, 0, 255, 255, 255, 255, 0, 30, 60, 90, 51]);
    expect(Array.from(alphaToGrey(rgba, 3, 1).data)).toEqual([1, 0, expect.closeTo(0.2, 6)]);
  });
});
