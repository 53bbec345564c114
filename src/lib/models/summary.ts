/**
 * model.summary() as Keras 3 prints it (a box table: Layer (type) / Output Shape /
 * Param #, then the totals with their size in float32 bytes), so a learner sees the
 * same table here and in Keras.
 */
import type { SequentialModel } from './sequentialTypes';

/** 101770 -> "101,770" */
export function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Keras's readable_memory_size: 407080 -> "397.54 KB" (powers of 1024). */
export function readableBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(2)} ${units[u]}`;
}

function pythonShape(shape: readonly number[]): string {
  return `(None, ${shape.join(', ')})`;
}

/** Keras's default widths: 33, 24 and 15 characters between the borders, wider if a cell needs it. */
function table(rows: readonly (readonly [string, string, string])[]): string[] {
  const header = ['Layer (type)', 'Output Shape', 'Param #'] as const;
  const widths = [33, 24, 15].map((w, c) => Math.max(w, ...[header, ...rows].map((r) => r[c].length + 2)));
  const line = (l: string, fill: string, mid: string, r: string) => l + widths.map((w) => fill.repeat(w)).join(mid) + r;
  const cells = (r: readonly string[], edge: string) =>
    edge + r.map((cell, c) => ` ${c === 2 ? cell.padStart(widths[c] - 2) : cell.padEnd(widths[c] - 2)} `).join(edge) + edge;
  const out = [line('┏', '━', '┳', '┓'), cells(header, '┃'), line('┡', '━', '╇', '┩')];
  rows.forEach((r, i) => {
    if (i > 0) out.push(line('├', '─', '┼', '┤'));
    out.push(cells(r, '│'));
  });
  out.push(line('└', '─', '┴', '┘'));
  return out;
}

export function summary(model: SequentialModel): string {
  const rows = model.layers.map((layer): [string, string, string] => {
    const name = `${layer.name} (${layer.className})`;
    if (!layer.built) return [name, '?', '0 (unbuilt)'];
    const params = layer.weights.reduce((s, w) => s + w.value.data.length, 0);
    return [name, pythonShape(layer.outputShape), withThousands(params)];
  });
  const total = model.countParams();
  const size = `${withThousands(total)} (${readableBytes(total * 4)})`;
  return [
    `Model: "${model.name}"`,
    ...table(rows),
    ` Total params: ${size}`,
    ` Trainable params: ${size}`,
    ` Non-trainable params: 0 (${readableBytes(0)})`
  ].join('\n');
}
