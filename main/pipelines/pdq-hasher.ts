import { startRequestWorker } from '../media/request-worker'
import type { PdqResult } from '../similar/pdq-hash'
import type { PdqAnswer, PdqRequest } from './pdq-worker'

/** PDQ hashing on a worker thread of its own; `close` ends it (answers still owed then reject). */
export interface PdqHasher {
  hash(data: Uint8Array, width: number, height: number): Promise<PdqResult>
  close(): Promise<void>
}

/** Starts a hasher: frames are copied to the worker and hashed there in the order sent. */
export function startPdqHasher(): PdqHasher {
  const worker = startRequestWorker<PdqRequest, PdqAnswer>('../pipelines/pdq-worker', 'Frame hashing')
  return {
    async hash(data, width, height) {
      // A copy of its own, moved to the worker (a Buffer's slice would share the reader's memory, which may hold more).
      const own = new Uint8Array(data)
      const { hash, quality } = await worker.ask({ data: own, width, height }, [own.buffer as ArrayBuffer])
      return { hash, quality }
    },
    close: () => worker.close(),
  }
}
