/** Runs async work one piece at a time, in the order asked: the next starts when the last has settled. */
export function takeTurns(): <T>(work: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve()
  return <T>(work: () => Promise<T>) => {
    const turn = last.then(work, work)
    last = turn.catch(() => undefined)
    return turn
  }
}
