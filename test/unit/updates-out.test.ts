import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { JobSignal } from '../../main/jobs/job-signals'
import { jobUpdatesOut } from '../../main/jobs/updates-out'

type Updated = Extract<JobSignal, { type: 'updated' }>

const updated = (id: string, waits = false): Updated => ({
  type: 'updated',
  id,
  from: 'host:1:a',
  ...(waits && { waits: true as const }),
})

describe('a runner telling the others it changed a job', () => {
  beforeEach(() => void vi.useFakeTimers())
  afterEach(() => void vi.useRealTimers())

  it('tells an end at once and a start 50 ms later, unless the job ended meanwhile: then only its end', () => {
    const sent: JobSignal[] = []
    const out = jobUpdatesOut((signal) => sent.push(signal))
    const [short, long] = [updated('short'), updated('long')]
    out.tell(short, false)
    out.tell(long, false)
    vi.advanceTimersByTime(30)
    // The short job ends 30 ms after it started: its start is never told.
    out.tell(short, true)
    expect(sent).toEqual([short])
    vi.advanceTimersByTime(19)
    expect(sent).toEqual([short])
    vi.advanceTimersByTime(1)
    expect(sent).toEqual([short, long])
    vi.advanceTimersByTime(1_000)
    expect(sent).toEqual([short, long])
  })

  it('tells a job that waits for a claim at once, and sends what it holds back when flushed', () => {
    const sent: JobSignal[] = []
    const out = jobUpdatesOut((signal) => sent.push(signal))
    const waiting = updated('queued', true)
    out.tell(waiting, true)
    expect(sent).toEqual([waiting])
    const handedBack = updated('handed-back')
    out.tell(handedBack, false)
    out.flush()
    expect(sent).toEqual([waiting, handedBack])
    vi.advanceTimersByTime(100)
    expect(sent).toEqual([waiting, handedBack])
  })
})
