import { describe, expect, it } from 'vitest';
import { compareWithSklearn, sklearnCode, sourceDecimal } from '../../src/lib/sim/sklearnComparison';

describe('our Rosenblatt run beside scikit-learn’s rule', () => {
  it('on the iris petals in file order agrees after every update, and scikit-learn runs 5 epochs longer', () => {
    const c = compareWithSklearn('iris-setosa-versicolor');
    expect(c.firstDifference).toBeNull();
    expect(c.rows.length).toBe(4);
    expect(c.rows.every((r) => r.updated.rosenblatt && r.updated.sklearn)).toBe(true);
    expect(c.rosenblatt.convergedEpoch).toBe(3);
    expect(c.sklearn.convergedEpoch).toBe(3);
    expect(c.sklearn.epochs).toBe(8);
    const last = c.rows.at(-1)!.after.rosenblatt!;
    [0.5, 0.8, -2].forEach((v, k) => expect(last[k]).toBeCloseTo(v, 12));
  });
  it('reversed, a versicolor comes first with z = 0: heaviside calls it right, scikit-learn a mistake', () => {
    const c = compareWithSklearn('iris-setosa-versicolor', true);
    const first = c.firstDifference!;
    expect(first.epoch).toBe(1);
    expect(first.position).toBe(0);
    expect(first.z.rosenblatt).toBe(0);
    expect(first.updated).toEqual({ rosenblatt: false, sklearn: true });
    expect(c.rosenblatt.converged && c.sklearn.converged).toBe(true);
  });
  it('reads float32 values back as the file’s decimals', () => {
    expect(sourceDecimal(Math.fround(1.4))).toBe(1.4);
    expect(sourceDecimal(Math.fround(39.1))).toBe(39.1);
    expect(sklearnCode('iris-setosa-versicolor')).toContain("SGDClassifier(loss='perceptron', learning_rate='constant',\n                    eta0=1, penalty=None, shuffle=False)");
  });
});
