/**
 * Wraps a task so that calls arriving while it runs collapse into one more run after it (a burst
 * of change events reloads once, not once per event). The task handles its own errors.
 */
export function coalesced(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined
  let again = false
  const loop = async () => {
    do {
      again = false
      await task()
    } while (again)
  }
  return () => {
    if (running) {
      again = true
      return running
    }
    running = loop().finally(() => {
      running = undefined
    })
    return running
  }
}
