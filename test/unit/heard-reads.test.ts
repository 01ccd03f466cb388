import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { StoredJob } from '../../main/db/repos/jobs'
import { heardReads } from '../../main/jobs/heard-reads'

const job = (id: string) => ({ id, state: 'running' }) as StoredJob

function reads() {
  const asked: string[][] = []
  const repo = {
    many: async (ids: readonly string[]) => {
      asked.push([...ids])
      return ids.filter((id) => id !== 'deleted').map(job)
    },
  }
  return { repo, asked }
}

describe('the reads of jobs other runners changed', () => {
  beforeEach(() => void vi.useFakeTimers())
  afterEach(() => void vi.useRealTimers())

  it('reads the jobs heard within 10 ms in one statement, each once, and hands each on as it stands', async () => {
    const { repo, asked } = reads()
    const told: string[] = []
    const heard = heardReads(repo, (stored) => told.push(stored.id))
    // A short job claimed, started and ended, another started, and a job gone since, all within the 10 ms.
    for (const id of ['a', 'a', 'b', 'a', 'deleted']) heard.add(id)
    await vi.advanceTimersByTimeAsync(9)
    expect(asked).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(asked).toEqual([['a', 'b', 'deleted']])
    expect(told).toEqual(['a', 'b'])
    // Heard after the read: read again, alone.
    heard.add('a')
    await vi.advanceTimersByTimeAsync(10)
    expect(asked).toEqual([['a', 'b', 'deleted'], ['a']])
  })

  it('tells in words of a job that does not read and goes on with the others; reads nothing once stopped', async () => {
    const { repo, asked } = reads()
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const told: string[] = []
    const heard = heardReads(repo, (stored) => {
      if (stored.id === 'odd') throw new Error('stored by another version')
      told.push(stored.id)
    })
    heard.add('odd')
    heard.add('c')
    await vi.advanceTimersByTimeAsync(10)
    expect(told).toEqual(['c'])
    expect(errors).toHaveBeenCalledTimes(1)
    expect(String(errors.mock.calls[0]![1])).toContain('stored by another version')
    heard.add('d')
    heard.stop()
    await vi.advanceTimersByTimeAsync(50)
    expect(asked).toEqual([['odd', 'c']])
    errors.mockRestore()
  })
})
