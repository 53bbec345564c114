import { expect, it } from 'vitest';
it('runs in a real browser with WebGL2 available', () => {
  const canvas = document.createElement('canvas');
  expect(canvas.getContext('webgl2')).not.toBeNull();
});
