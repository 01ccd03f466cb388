import { createHash } from 'node:crypto'
import { closeSync, openSync, readSync } from 'node:fs'
import { type MessagePort, parentPort } from 'node:worker_threads'

// Started by sha256-pool.ts. Each file is hashed in one synchronous loop, so messages that arrive meanwhile wait;
// cancelling therefore terminates the whole worker (the pool replaces it) instead of sending a message.

const CHUNK = 4 * 1024 * 1024
const PROGRESS_EVERY = 64 * 1024 * 1024

/** Asks the worker to hash the file at `path`. */
export interface Sha256Request {
  id: number
  path: string
}

/** What the worker posts for request `id`: progress, then either the result or the error. */
export type Sha256Reply =
  | { id: number; bytes: number }
  | { id: number; digest: string; size: number }
  | { id: number; error: { code?: string; message: string } }

if (!parentPort) throw new Error('sha256-worker.ts runs only as a worker thread')
const port: MessagePort = parentPort
const buffer = Buffer.allocUnsafe(CHUNK)

port.on('message', ({ id, path }: Sha256Request) => {
  let reply: Sha256Reply
  try {
    reply = hashFile(id, path)
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException
    reply = { id, error: { code, message } }
  }
  port.postMessage(reply)
})

function hashFile(id: number, path: string): Sha256Reply {
  const hash = createHash('sha256')
  const fd = openSync(path, 'r')
  let size = 0
  let reported = 0
  try {
    for (let read = readSync(fd, buffer, 0, CHUNK, null); read > 0; read = readSync(fd, buffer, 0, CHUNK, null)) {
      hash.update(buffer.subarray(0, read))
      size += read
      if (size - reported >= PROGRESS_EVERY) {
        port.postMessage({ id, bytes: size } satisfies Sha256Reply)
        reported = size
      }
    }
  } finally {
    closeSync(fd)
  }
  return { id, digest: `sha256:${hash.digest('hex')}`, size }
}
