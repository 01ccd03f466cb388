import { z } from 'zod'
import { JobKind, JobProgress, QueueWorker } from '../../shared/contract'

/**
 * What the runners of one catalogue tell each other (a hub's processes and workers, through PostgreSQL's NOTIFY):
 * jobs wait for a claim; a job changed state (one that waits for a claim says so), or made progress, in the runner `from`; a job is to be cancelled by
 * whichever runner holds it; a runner that claims jobs is there (at each beat: what it runs) or has gone. Only
 * hints: a runner that misses one finds the same at its next beat.
 */
export const JobSignal = z.discriminatedUnion('type', [
  z.object({ type: z.literal('waiting') }),
  z.object({
    type: z.literal('updated'),
    id: z.string(),
    from: z.string(),
    /** The job waits for a claim: heard as 'waiting' too. */
    waits: z.literal(true).optional(),
  }),
  z.object({ type: z.literal('progress'), id: z.string(), kind: JobKind, progress: JobProgress, from: z.string() }),
  z.object({ type: z.literal('cancel'), id: z.string() }),
  z.object({
    type: z.literal('present'),
    /** The runner as jobs:queue lists it, but when it was seen (the hearer's clock). */
    worker: QueueWorker.omit({ seenAt: true }),
    /** How long until its next: a runner not heard of for much longer is gone. */
    everyMs: z.number().int(),
  }),
  z.object({ type: z.literal('gone'), from: z.string() }),
])
export type JobSignal = z.infer<typeof JobSignal>

/** How a runner sends signals to every runner of its catalogue (itself included) and hears theirs. */
export interface JobSignals {
  send(signal: JobSignal): void
  /** Calls `heard` with each signal from now on; returns how to stop. */
  listen(heard: (signal: JobSignal) => void): () => void
}

/** A signal as it came over the wire, or null when it does not read as one. */
export function readJobSignal(payload: string | undefined): JobSignal | null {
  try {
    const read = JobSignal.safeParse(JSON.parse(payload ?? ''))
    return read.success ? read.data : null
  } catch {
    return null
  }
}
