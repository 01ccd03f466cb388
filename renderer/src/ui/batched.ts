/**
 * A trigger that runs `task` once, `ms` after the first call of a burst; calls meanwhile join
 * that run (an import's per-file change events cost one reload, not one each).
 */
export function batched(ms: number, task: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  return () => {
    if (timer !== undefined) return
    timer = setTimeout(() => {
      timer = undefined
      task()
    }, ms)
  }
}
