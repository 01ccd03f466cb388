/**
 * Runs `work` one at a time: asked while it runs, it runs once more after (whatever the asks meanwhile). An error
 * goes to `failed`, and the next ask runs it again.
 */
export function serialLoop(work: () => Promise<void>, failed: (error: unknown) => void) {
  let running: Promise<void> | undefined
  let again = false
  const soon = (): void => {
    if (running) return void (again = true)
    running = work()
      .catch(failed)
      .finally(() => {
        running = undefined
        if (again) {
          again = false
          soon()
        }
      })
  }
  return {
    soon,
    /** Settles when no run is under way (at once when none is). */
    idle: (): Promise<void> => running ?? Promise.resolve(),
    /** Whether a run is under way (or asked for after it). */
    busy: (): boolean => running !== undefined,
  }
}
