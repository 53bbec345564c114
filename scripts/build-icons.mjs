#!/usr/bin/env node
/**
 * Draws the app icons of the web app manifest from the favicon's geometry (a unit, two
 * inputs, one output), so the installed app and the browser tab show the same mark.
 * No drawing library and no download: shapes are sampled 4x4 per pixel and written as
 * PNG with node:zlib. The outputs are committed; run this again after changing a shape.
 *
 *   node scripts/build-icons.mjs [outDir]   (default src/static/icons)
 *
 * Outputs: icon-192.png, icon-512.png (purpose "any") and icon-maskable-512.png (the
 * mark inside the central 80% circle that launchers may crop to).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

const background = [0xff, 0xff, 0xff];
const blue = [0x00, 0x72, 0xb2];
const orange = [0xe6, 0x9f, 0x00];

/** The favicon (src/static/favicon.svg) in its 32-unit box: painted in this order. */
const shapes = [
  { kind: 'segment', from: [2, 8], to: [9, 14], width: 3, colour: orange },
  { kind: 'segment', from: [2, 24], to: [9, 18], width: 3, colour: orange },
  { kind: 'segment', from: [23, 16], to: [30, 16], width: 3, colour: orange },
  { kind: 'disc', centre: [16, 16], radius: 9, colour: blue }
];

function covers(shape, x, y) {
  if (shape.kind === 'disc') return Math.hypot(x - shape.centre[0], y - shape.centre[1]) <= shape.radius;
  const [ax, ay] = shape.from;
  const [bx, by] = shape.to;
  const dx = bx - ax;
  const dy = by - ay;
  // butt caps, as SVG draws them by default: only points whose projection falls on the segment
  const t = ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy);
  if (t < 0 || t > 1) return false;
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy)) <= shape.width / 2;
}

/**
 * RGBA pixels of a `size` square icon; the 32-unit mark is scaled to `scale` of the side,
 * centred, on an opaque white square.
 */
export function drawIcon(size, scale) {
  const pixels = Buffer.alloc(size * size * 4);
  const samples = 4;
  const unit = (size * scale) / 32;
  const offset = (size - 32 * unit) / 2;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples - offset) / unit;
          const y = (py + (sy + 0.5) / samples - offset) / unit;
          let colour = background;
          for (const shape of shapes) if (covers(shape, x, y)) colour = shape.colour;
          for (let c = 0; c < 3; c++) sum[c] += colour[c];
        }
      }
      const at = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) pixels[at + c] = Math.round(sum[c] / (samples * samples));
      pixels[at + 3] = 255;
    }
  }
  return pixels;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG file (8-bit RGBA, no filtering) of a square of RGBA pixels. */
export function encodePng(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0))
  ]);
}

/** The icons the manifest lists: file name, side in pixels, share of the side the mark takes. */
export const icons = [
  { file: 'icon-192.png', size: 192, scale: 0.9 },
  { file: 'icon-512.png', size: 512, scale: 0.9 },
  // the mark reaches 0.5 of the side from the centre at most; 0.72 keeps it inside the 0.4 safe circle
  { file: 'icon-maskable-512.png', size: 512, scale: 0.72 }
];

if (import.meta.url === `file://${process.argv[1]}`) {
  const outDir = process.argv[2] ?? join(import.meta.dirname, '..', 'src', 'static', 'icons');
  mkdirSync(outDir, { recursive: true });
  for (const { file, size, scale } of icons) {
    writeFileSync(join(outDir, file), encodePng(size, drawIcon(size, scale)));
    console.log(`icons: wrote ${join(outDir, file)}`);
  }
}
