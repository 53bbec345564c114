/**
 * The points of the input plane whose outputs fill a heatmap: cell centres of a
 * resolution × resolution grid, in the order DecisionHeatmapView's `grid` reads them
 * (row-major, the first row at the top, yMax, the first column at the left, xMin).
 */
export interface PlaneBox {
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
}

/** A [resolution², 2] row-major array of (x, y), ready for model.predict. */
export function gridPoints(box: PlaneBox, resolution: number): Float32Array {
  const out = new Float32Array(resolution * resolution * 2);
  for (let row = 0; row < resolution; row++) {
    const y = box.yMax - ((row + 0.5) / resolution) * (box.yMax - box.yMin);
    for (let col = 0; col < resolution; col++) {
      const x = box.xMin + ((col + 0.5) / resolution) * (box.xMax - box.xMin);
      out[(row * resolution + col) * 2] = x;
      out[(row * resolution + col) * 2 + 1] = y;
    }
  }
  return out;
}
