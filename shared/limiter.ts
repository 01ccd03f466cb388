/**
 * Runs async tasks with at most `concurrency` of them in flight; the rest wait in FIFO order.
 * A task queued under a key can be moved to the front while it waits (`promote`).
 */
export function createLimiter(concurrency: number) {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be a positive integer')
  let active = 0
  const waiting: Array<{ start: () => void; key: string | undefined }> = []

  const release = () => {
    active--
    waiting.shift()?.start()
  }

  function run<T>(task: () => Promise<T>, key?: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        active++
        task().then(resolve, reject).finally(release)
      }
      if (active < concurrency) start()
      else waiting.push({ start, key })
    })
  }

  /** Moves the waiting task queued under `key` to the front; false when no such task waits. */
  function promote(key: string): boolean {
    const at = waiting.findIndex((entry) => entry.key === key)
    if (at < 0) return false
    waiting.unshift(...waiting.splice(at, 1))
    return true
  }

  return Object.assign(run, { promote })
}
export type Limiter = ReturnType<typeof createLimiter>
