/** Runs async tasks with at most `concurrency` of them in flight; the rest wait in FIFO order. */
export function createLimiter(concurrency: number) {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be a positive integer')
  let active = 0
  const waiting: Array<() => void> = []

  const release = () => {
    active--
    waiting.shift()?.()
  }

  return function run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        active++
        task().then(resolve, reject).finally(release)
      }
      if (active < concurrency) start()
      else waiting.push(start)
    })
  }
}
export type Limiter = ReturnType<typeof createLimiter>
