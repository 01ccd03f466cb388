import { Worker } from 'node:worker_threads'
import { workerScript } from '../media/worker-script'
import type { FrameHash } from './frame-match'
import type { AssetPair } from './similar-groups'
import {
  type AssetCandidate,
  type AssetFrames,
  type IndexStats,
  packedBuffers,
  packFrames,
  type SimilarIndexReply,
  type SimilarIndexRequest,
  type SimilarIndexResults,
} from './similar-index-protocol'

/** Options of a long request: `signal` cancels, `onProgress` receives assets done of the total. */
export interface LongRequestOptions {
  signal?: AbortSignal
  onProgress?: (done: number, total: number) => void
}

/** A rebuild's options; `total` (the number of assets coming, when known) is the total progress reports. */
export interface RebuildOptions extends LongRequestOptions {
  total?: number
}

/** The near-duplicate index in its worker thread; every call answers with a promise, in order. */
export interface SimilarIndexClient {
  /**
   * Replaces the index with these assets' frames (e.g. all stored hashes at start-up, read as they are sent), building
   * its tables once at the end. A cancelled rebuild leaves the assets sent so far, answered by comparing frames one by
   * one: call it again.
   */
  rebuild(assets: Iterable<AssetFrames> | AsyncIterable<AssetFrames>, options?: RebuildOptions): Promise<IndexStats>
  /** Adds or replaces one asset's frames. */
  add(assetId: string, frames: readonly FrameHash[]): Promise<IndexStats>
  /** Removes an asset; false when it was not indexed. */
  remove(assetId: string): Promise<boolean>
  /** Indexed assets sharing frames with an indexed asset, each with its shares and relation. */
  query(assetId: string): Promise<AssetCandidate[]>
  /** The same for frames of an asset that is not indexed. */
  queryFrames(frames: readonly FrameHash[]): Promise<AssetCandidate[]>
  /** Every related pair of indexed assets (grouped by the caller, which may leave some out first). */
  pairs(options?: LongRequestOptions): Promise<AssetPair[]>
  stats(): Promise<IndexStats>
  /** Rejects what is waiting and stops the worker. */
  close(): Promise<void>
}

interface Pending {
  resolve(result: unknown): void
  reject(error: Error): void
  onProgress?: (done: number, total: number) => void
}

type Body = SimilarIndexRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never

/** Assets per message while rebuilding: big enough to amortise a message, small enough to show progress. */
const REBUILD_BATCH = 512

/** Starts the index worker (empty until `rebuild` or `add`). */
export function startSimilarIndex(): SimilarIndexClient {
  const script = workerScript('../similar/similar-index-worker')
  const worker = new Worker(script.url, { execArgv: script.execArgv })
  const pending = new Map<number, Pending>()
  let nextId = 0
  let failure: Error | undefined

  const fail = (error: Error) => {
    failure ??= error
    for (const waiting of pending.values()) waiting.reject(failure)
    pending.clear()
  }
  worker.on('error', (error) => fail(new Error(`The near-duplicate index failed: ${error.message}`)))
  worker.on('exit', (code) => fail(new Error(`The near-duplicate index stopped (exit code ${code})`)))
  worker.on('message', (reply: SimilarIndexReply) => {
    const waiting = pending.get(reply.id)
    if (!waiting) return
    if ('progress' in reply) return waiting.onProgress?.(reply.progress.done, reply.progress.total)
    pending.delete(reply.id)
    if (pending.size === 0) worker.unref()
    if ('error' in reply) waiting.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }))
    else waiting.resolve(reply.result)
  })
  worker.unref()

  const send = <T extends Body['type']>(
    body: Extract<Body, { type: T }>,
    transfer: ArrayBuffer[] = [],
    onProgress?: Pending['onProgress'],
  ): Promise<SimilarIndexResults[T]> => {
    if (failure) return Promise.reject(failure)
    const id = nextId++
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve: resolve as Pending['resolve'], reject, onProgress })
      // A request in flight keeps the process alive; an idle index does not.
      worker.ref()
      worker.postMessage({ ...body, id } as SimilarIndexRequest, transfer)
    })
  }
  const sendPacked = <T extends 'load' | 'add' | 'query-frames'>(type: T, assets: readonly AssetFrames[]) => {
    const packed = packFrames(assets)
    return send<T>({ type, packed } as Extract<Body, { type: T }>, packedBuffers(packed))
  }

  return {
    async rebuild(assets, { signal, onProgress, total } = {}) {
      await send({ type: 'reset' })
      let batch: AssetFrames[] = []
      let sent = 0
      const flush = async () => {
        signal?.throwIfAborted()
        await sendPacked('load', batch)
        sent += batch.length
        batch = []
        onProgress?.(sent, total ?? sent)
      }
      for await (const asset of assets) {
        batch.push(asset)
        if (batch.length >= REBUILD_BATCH) await flush()
      }
      await flush()
      return send({ type: 'seal' })
    },
    add: (assetId, frames) => sendPacked('add', [{ assetId, frames }]),
    remove: (assetId) => send({ type: 'remove', assetId }),
    query: (assetId) => send({ type: 'query', assetId }),
    queryFrames: (frames) => sendPacked('query-frames', [{ assetId: '', frames }]),
    pairs({ signal, onProgress } = {}) {
      // The worker runs the grouping in one synchronous stretch; it reads this flag between assets.
      const cancel = new Int32Array(new SharedArrayBuffer(4))
      const onAbort = () => Atomics.store(cancel, 0, 1)
      signal?.addEventListener('abort', onAbort, { once: true })
      if (signal?.aborted) onAbort()
      return send({ type: 'pairs', cancel }, [], onProgress).finally(() =>
        signal?.removeEventListener('abort', onAbort),
      )
    },
    stats: () => send({ type: 'stats' }),
    async close() {
      fail(new Error('The near-duplicate index was closed'))
      await worker.terminate()
    },
  }
}
