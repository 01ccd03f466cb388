import type { HealthCounts, HealthJobKind, HealthResult, Job } from '../../../../shared/contract'

type Outcome = keyof HealthCounts

// What each outcome means to a person, per kind of job, in the order a summary names them.
const WORDS: Record<HealthJobKind, [Outcome, string][]> = {
  verify: [
    ['ok', 'whole'],
    ['changed', 'changed'],
    ['missing', 'missing'],
    ['failed', 'could not be read'],
    ['skipped', 'skipped (no checksum recorded)'],
  ],
  relink: [
    ['relinked', 'relinked'],
    ['missing', 'still missing'],
    ['copied', 'copied into the library (cannot be relinked)'],
    ['present', 'already in place'],
    ['failed', 'could not be read'],
  ],
}

/**
 * One line on what a finished health job found: "Cancelled after 3 of 10 files: 2 whole, 1 missing."
 * A job with no result (stopped before it began) found nothing.
 */
export function jobSummary(kind: HealthJobKind, state: Job['state'], result: HealthResult | undefined): string {
  const done = result?.files.done ?? 0
  const total = result?.files.total ?? null
  const counts = result?.counts
  const found = WORDS[kind]
    .filter(([outcome]) => (counts?.[outcome] ?? 0) > 0)
    .map(([outcome, words]) => `${counts![outcome].toLocaleString()} ${words}`)
  const of = total === null ? '' : ` of ${total.toLocaleString()}`
  const head =
    state === 'cancelled'
      ? `Cancelled after ${done.toLocaleString()}${of} files`
      : state === 'failed'
        ? `Failed after ${done.toLocaleString()}${of} files`
        : kind === 'verify'
          ? `Checked ${files(done)}`
          : undefined
  if (found.length === 0) return head === undefined ? 'No linked file was missing.' : `${head}.`
  // A finished relink's findings say it all: "2 relinked, 1 still missing."
  return head === undefined ? `${found.join(', ')}.` : `${head}: ${found.join(', ')}.`
}

function files(count: number): string {
  return `${count.toLocaleString()} ${count === 1 ? 'file' : 'files'}`
}

/** What a verify or relink found, as its job stored it (none for a job that never started). */
export function healthResultOf(job: Job): HealthResult | undefined {
  return (job.kind === 'verify' || job.kind === 'relink') && job.result ? job.result : undefined
}
