import { describe, expect, it } from 'vitest'
import { createLimiter } from '../../shared/limiter'

/** A task that records when it starts and ends when `finish` is called. */
function gate(started: string[], name: string) {
  let finish!: () => void
  const done = new Promise<void>((resolve) => (finish = resolve))
  return { task: () => (started.push(name), done), finish: () => finish() }
}

describe('createLimiter', () => {
  it('runs at most `concurrency` tasks, the rest in the order they came', async () => {
    const started: string[] = []
    const limit = createLimiter(1)
    const tasks = ['a', 'b', 'c'].map((name) => gate(started, name))
    const runs = tasks.map(({ task }) => limit(task))
    expect(started).toEqual(['a'])
    for (const { finish } of tasks) {
      finish()
      await new Promise((resolve) => setTimeout(resolve, 0))
    }
    await Promise.all(runs)
    expect(started).toEqual(['a', 'b', 'c'])
  })

  it('moves a waiting task to the front by its key, and says when none waits under it', async () => {
    const started: string[] = []
    const limit = createLimiter(1)
    const tasks = ['a', 'b', 'c', 'd'].map((name) => gate(started, name))
    const runs = tasks.map(({ task }, i) => limit(task, `key-${i}`))
    expect(limit.promote('key-2')).toBe(true)
    expect(limit.promote('key-0')).toBe(false) // running, not waiting
    expect(limit.promote('key-9')).toBe(false)
    for (const i of [0, 2, 1, 3]) {
      tasks[i]!.finish()
      await new Promise((resolve) => setTimeout(resolve, 0))
    }
    await Promise.all(runs)
    expect(started).toEqual(['a', 'c', 'b', 'd'])
  })
})
