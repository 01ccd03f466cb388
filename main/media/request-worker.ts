import { Worker } from 'node:worker_threads'
import { workerScript } from './worker-script'

/** What a request worker answers a request with: its answer, or why it had none; `id` is the request's. */
export type WorkerReply<A> = ({ id: number } & A) | { id: number; error: string }

/** A worker thread answering requests one by one; `close` ends it (answers still owed then reject). */
export interface RequestWorker<Q, A> {
  /** Sends `request` (the `transfer` buffers moved, not copied) and resolves to the worker's answer. */
  ask(request: Q, transfer: ArrayBuffer[]): Promise<A>
  close(): Promise<void>
  /** Lets the process end while no answer is owed (a worker kept for the life of the process). */
  unrefWhenIdle(): void
  /** Whether the worker has stopped (its answers owed rejected). */
  readonly stopped: boolean
}

/**
 * Starts the worker script `name` (as workerScript finds it), which answers each `{ id, ...request }` with a
 * WorkerReply of the same id; `doing` names its work in errors ("Frame hashing").
 */
export function startRequestWorker<Q extends object, A extends object>(
  name: string,
  doing: string,
): RequestWorker<Q, A> {
  const script = workerScript(name)
  const worker = new Worker(script.url, { execArgv: script.execArgv })
  const pending = new Map<number, { resolve(answer: A): void; reject(error: Error): void }>()
  let nextId = 0
  let stopped = false
  let idleUnref = false
  const failAll = (error: Error) => {
    for (const waiting of pending.values()) waiting.reject(error)
    pending.clear()
  }
  worker.on('error', (error) => failAll(new Error(`${doing} failed: ${error.message}`)))
  worker.on('exit', () => {
    stopped = true
    failAll(new Error(`${doing} stopped`))
  })
  worker.on('message', (reply: WorkerReply<A>) => {
    const waiting = pending.get(reply.id)
    if (!waiting) return
    pending.delete(reply.id)
    if (idleUnref && pending.size === 0) worker.unref()
    if ('error' in reply) waiting.reject(new Error(reply.error))
    else waiting.resolve(reply)
  })
  return {
    ask(request, transfer) {
      const id = nextId++
      return new Promise<A>((resolve, reject) => {
        pending.set(id, { resolve, reject })
        worker.ref()
        worker.postMessage({ id, ...request }, transfer)
      })
    },
    close: async () => {
      await worker.terminate()
    },
    unrefWhenIdle: () => {
      idleUnref = true
      if (pending.size === 0) worker.unref()
    },
    get stopped() {
      return stopped
    },
  }
}
