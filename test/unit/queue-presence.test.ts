import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { JobKind } from '../../shared/contract'
import type { JobSignal } from '../../main/jobs/job-signals'
import { queuePresence } from '../../main/jobs/queue-presence'

const owner = { id: 'host:1:a', host: 'host', pid: 1, started: null }

function presence(claims: JobKind[]) {
  const sent: JobSignal[] = []
  let running = 0
  const self = queuePresence({
    owner,
    claims,
    concurrency: 2,
    everyMs: 10_000,
    running: () => running,
    send: (signal) => sent.push(signal),
  })
  return { self, sent, run: (count: number) => (running = count) }
}

describe('a runner telling the shared queue it is there', () => {
  beforeEach(() => void vi.useFakeTimers())
  afterEach(() => void vi.useRealTimers())

  it('tells at once, then at most every quarter second, the last change going out when the time is up', () => {
    const { self, sent, run } = presence(['similar-hash'])
    self.tell()
    // Short jobs: claimed and ended many times within the quarter second.
    for (let at = 1; at <= 5; at++) {
      run(at % 2)
      self.tell()
    }
    run(2)
    self.tell()
    expect(sent).toHaveLength(1)
    vi.advanceTimersByTime(249)
    expect(sent).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(sent.map((signal) => signal.type === 'present' && signal.worker.running)).toEqual([0, 2])
    // Quiet for longer than that: told at once again.
    vi.advanceTimersByTime(1_000)
    run(1)
    self.tell()
    expect(sent.map((signal) => signal.type === 'present' && signal.worker.running)).toEqual([0, 2, 1])
  })

  it('says it has gone, and nothing it held back after that; a runner that claims nothing says nothing', () => {
    const { self, sent } = presence(['verify'])
    self.tell()
    self.tell()
    self.leave()
    vi.advanceTimersByTime(1_000)
    expect(sent.map((signal) => signal.type)).toEqual(['present', 'gone'])

    const asker = presence([])
    asker.self.tell()
    asker.self.leave()
    vi.advanceTimersByTime(1_000)
    expect(asker.sent).toEqual([])
  })
})
