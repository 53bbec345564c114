/**
 * A lab's job handed to the worker: digits of its own where it shares the dataset's,
 * copied a slice at a time, and the buffers to transfer.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/lib/datasets/types';
import { labJob, labVariants, ownedJob } from '../../src/lib/sim/mnistLabSpec';

const config = { ...structuredClone(labVariants.mlp.defaults), dataset: 'small' as const };

describe('a job handed to the worker', () => {
  it('gets copies of the digits it shares with the dataset, whole across the slices they are copied in, and keeps what it owns', async () => {
    // 6,000 digits: more floats than one slice of the copy (2^22)
    const digits = (n: number, seed: number): Dataset => ({
      name: 'mnist',
      n,
      x: Float32Array.from({ length: n * 784 }, (_, i) => ((i * seed) % 1009) / 1009),
      sampleShape: [28, 28, 1],
      labels: Int32Array.from({ length: n }, (_, i) => (i * seed) % 10),
      featureNames: [],
      classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
      notes: []
    });
    const data = { train: digits(6000, 7), test: digits(500, 13) };
    const plain = labJob({ ...config, trainingSize: 6000 }, data, 1);
    const { job, transfer } = await ownedJob(plain, data);
    expect(job.x.data).toEqual(data.train.x);
    expect(job.validation?.x.data).toEqual(data.test.x);
    expect(transfer).not.toContain(data.train.x.buffer);
    expect(transfer).not.toContain(data.test.x.buffer);
    // the targets were made for the job: transferred as they are
    expect(job.y).toBe(plain.y);
    expect(transfer).toContain(plain.y.data.buffer);
    expect(new Set(transfer).size).toBe(4);
  });
});

