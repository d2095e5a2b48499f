// Worker-thread entry of the DataLoader: builds batches on request and transfers (not copies) the result back.
import { parentPort, workerData } from 'node:worker_threads';
import { type BatchJob, type BatchSource, buildBatch } from './batch.js';
import type { Transform } from './transforms.js';

export interface WorkerInit {
  source: BatchSource;
  transforms: Transform[];
  sampleShape: [number, number, number];
}
export type WorkerRequest = BatchJob & { id: number };
export type WorkerReply = { id: number; x: Float32Array } | { id: number; error: string };

const init = workerData as WorkerInit;
const port = parentPort;
if (port === null) throw new Error('tsnas data worker: started outside a worker thread');
port.on('message', (req: WorkerRequest) => {
  buildBatch(init.source, init.transforms, init.sampleShape, req).then(
    (x) => port.postMessage({ id: req.id, x } satisfies WorkerReply, [x.buffer as ArrayBuffer]),
    (e: unknown) => port.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) } satisfies WorkerReply),
  );
});
