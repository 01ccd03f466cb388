import os from 'node:os'
import { Worker } from 'node:worker_threads'
import type { Sha256Reply, Sha256Request } from './sha256-worker'
import { workerScript } from './worker-script'

/** A file's content hash (`sha256:<hex>`) and the number of bytes it covers. */
export interface Sha256Result {
  digest: string
  size: number
}

/** Per-file options: `signal` cancels, `onBytes` receives the running byte total. */
export interface HashFileOptions {
  signal?: AbortSignal
  onBytes?: (bytes: number) => void
}

/** A fixed set of worker threads that compute SHA-256 of files off the calling thread. */
export interface Sha256Pool {
  /** The SHA-256 of the file at `path`; waits in FIFO order for a free worker. */
  hashFile(path: string, options?: HashFileOptions): Promise<Sha256Result>
  /** Rejects waiting and running work and stops every worker. */
  close(): Promise<void>
}

interface Job {
  id: number
  path: string
  options: HashFileOptions
  reported?: number
  resolve(result: Sha256Result): void
  reject(error: Error): void
}

interface Slot {
  worker: Worker
  job?: Job
}

/** Creates a pool of at most `size` SHA-256 workers, started when work arrives. */
export function createSha256Pool({ size = os.availableParallelism() }: { size?: number } = {}): Sha256Pool {
  if (!Number.isInteger(size) || size < 1) throw new RangeError('size must be a positive integer')
  const script = workerScript('sha256-worker')
  const slots = new Set<Slot>()
  const queue: Job[] = []
  let nextId = 0
  let closed = false

  const spawn = (): Slot => {
    const slot: Slot = { worker: new Worker(script.url, { execArgv: script.execArgv }) }
    slot.worker.on('message', (reply: Sha256Reply) => receive(slot, reply))
    slot.worker.on('error', (error) => void retire(slot, `the SHA-256 worker failed: ${error.message}`))
    slot.worker.on('exit', (code) => void retire(slot, `the SHA-256 worker exited with code ${code}`))
    slots.add(slot)
    return slot
  }

  const pump = () => {
    while (!closed && queue.length > 0) {
      const slot = [...slots].find((candidate) => !candidate.job) ?? (slots.size < size ? spawn() : undefined)
      if (!slot) return
      const job = queue.shift() as Job
      slot.job = job
      // Idle workers must not keep the process alive; busy ones must, or an awaited hash could be cut short.
      slot.worker.ref()
      slot.worker.postMessage({ id: job.id, path: job.path } satisfies Sha256Request)
    }
  }

  const release = (slot: Slot) => {
    slot.job = undefined
    slot.worker.unref()
    pump()
  }

  const receive = (slot: Slot, reply: Sha256Reply) => {
    const job = slot.job
    if (!job || job.id !== reply.id) return
    if ('bytes' in reply) return report(job, reply.bytes)
    release(slot)
    if ('error' in reply) return job.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }))
    try {
      if (job.reported !== reply.size) job.options.onBytes?.(reply.size)
    } finally {
      // A throwing onBytes must not leave the caller waiting forever.
      job.resolve({ digest: reply.digest, size: reply.size })
    }
  }

  // A worker that died (crash, or terminated to cancel its job) leaves the pool; pump() starts a replacement on demand.
  const retire = (slot: Slot, reason: string): Promise<unknown> => {
    if (!slots.delete(slot)) return Promise.resolve()
    const job = slot.job
    slot.job = undefined
    job?.reject(new Error(`Cannot hash ${job.path}: ${reason}`))
    const stopped = slot.worker.terminate()
    pump()
    return stopped
  }

  const abort = (job: Job) => {
    const waiting = queue.indexOf(job)
    if (waiting >= 0) queue.splice(waiting, 1)
    const slot = [...slots].find((candidate) => candidate.job === job)
    if (slot) {
      slot.job = undefined
      // The worker is inside a synchronous read loop and cannot see a message until the file is done.
      void retire(slot, 'aborted')
    }
    job.reject(abortError(job.path, job.options.signal?.reason))
  }

  return {
    hashFile(path, options = {}) {
      const { signal } = options
      if (closed) return Promise.reject(new Error('The SHA-256 pool is closed'))
      if (signal?.aborted) return Promise.reject(abortError(path, signal.reason))
      return new Promise<Sha256Result>((resolve, reject) => {
        const onAbort = () => abort(job)
        const settle = () => signal?.removeEventListener('abort', onAbort)
        const job: Job = {
          id: nextId++,
          path,
          options,
          resolve: (result) => {
            settle()
            resolve(result)
          },
          reject: (error) => {
            settle()
            reject(error)
          },
        }
        signal?.addEventListener('abort', onAbort, { once: true })
        queue.push(job)
        pump()
      })
    },
    async close() {
      closed = true
      for (const job of queue.splice(0)) job.reject(new Error(`Cannot hash ${job.path}: the SHA-256 pool was closed`))
      await Promise.all([...slots].map((slot) => retire(slot, 'the SHA-256 pool was closed')))
    },
  }
}

function report(job: Job, bytes: number): void {
  job.reported = bytes
  job.options.onBytes?.(bytes)
}

function abortError(path: string, reason: unknown): Error {
  return Object.assign(new Error(`Hashing ${path} was aborted`, { cause: reason }), {
    name: 'AbortError',
    code: 'ABORT_ERR',
  })
}
