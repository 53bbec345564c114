/**
 * What the chooser times: one real training step of a job's model, built on the backend
 * being measured, on the job's first batch. The trial model is a fresh build from the
 * job's spec (and its starting weights), so measuring touches neither the run's model nor
 * the lesson's random streams, and every candidate's first step starts from the same
 * weights: their losses can be checked against each other.
 */
import { setBackend } from '$lib/engine/ops';
import type { StepTrial } from '$lib/engine/select';
import { takeRows } from '$lib/models/batches';
import { buildModel } from '$lib/models/modelSpec';
import { TrainingDivergedError } from '$lib/models/TrainingDivergedError';
import type { TrainingJob } from './protocol';
import { nextTask } from '$lib/nextTask';

export function stepTrial(job: TrainingJob): StepTrial {
  const rows = Math.min(job.batchSize, job.x.shape[0]);
  const x = takeRows(job.x, null, 0, rows);
  const y = takeRows(job.y, null, 0, rows);
  return async (backend) => {
    // the worker's heartbeat gets through between candidates and after each warm-up step (which
    // the chooser does not time): one plain-JavaScript step of a large CNN takes tens of seconds
    await nextTask();
    setBackend(backend);
    const model = buildModel(job.model);
    if (job.initialWeights) model.setWeights(job.initialWeights);
    let warm = false;
    return async () => {
      // ops run on the active backend: keep it this one for every timed step
      setBackend(backend);
      let loss: number;
      try {
        loss = (await model.trainOnBatch(x, y)).loss;
      } catch (error) {
        // a step that diverges still ran: it is timed, and its loss compared with nothing
        if (!(error instanceof TrainingDivergedError)) throw error;
        loss = NaN;
      }
      if (!warm) {
        warm = true;
        await nextTask();
      }
      return loss;
    };
  };
}
