/**
 * Keeps the request's order for files of one job that may share content: the earliest file
 * is the original, later identical files are its duplicates, whatever finishes first.
 *
 * Files start in seq order (the file limiter is FIFO) and register their sampled id as their
 * first cheap step. Registration itself runs in seq order, so a file knows every earlier
 * file's sampled id when it registers; one whose sampled id an earlier file of the job has
 * waits for that file's outcome before it looks for duplicates (and so also skips the
 * speculative copy a new-looking file gets). Different content under one sampled id (a
 * collision) is ordered the same way, so the earlier file keeps the plain sampled id.
 */
export function createImportOrder() {
  const registered = new Map<number, Deferred>()
  const settled = new Map<number, Deferred>()
  const lastWithId = new Map<string, Promise<void>>()
  const deferred = (map: Map<number, Deferred>, seq: number) => {
    let found = map.get(seq)
    if (!found) map.set(seq, (found = createDeferred()))
    return found
  }

  return {
    /**
     * Registers file `seq`'s sampled id (null: it has none) once every earlier file has
     * registered; resolves when the earlier file with the same sampled id, if any, has its outcome.
     */
    async turn(seq: number, sampledId: string | null): Promise<void> {
      if (seq > 0) await deferred(registered, seq - 1).promise
      const mine = deferred(registered, seq)
      if (mine.done) return
      const earlier = sampledId === null ? undefined : lastWithId.get(sampledId)
      if (sampledId !== null) lastWithId.set(sampledId, deferred(settled, seq).promise)
      mine.resolve()
      await earlier
    },
    /** File `seq` has its outcome (or never will): later files stop waiting for it. */
    finish(seq: number): void {
      deferred(settled, seq).resolve()
      // A file that ended before registering (unreadable, cancelled) must not hold up the files after it.
      const mine = deferred(registered, seq)
      if (mine.done) return
      if (seq === 0) mine.resolve()
      else void deferred(registered, seq - 1).promise.then(() => mine.resolve())
    },
  }
}
export type ImportOrder = ReturnType<typeof createImportOrder>

interface Deferred {
  promise: Promise<void>
  done: boolean
  resolve(): void
}

function createDeferred(): Deferred {
  let resolvePromise = () => {}
  const promise = new Promise<void>((resolve) => (resolvePromise = resolve))
  const result: Deferred = {
    promise,
    done: false,
    resolve() {
      result.done = true
      resolvePromise()
    },
  }
  return result
}
