import type { HealthCounts, HealthJob } from '../../../../shared/contract'

type Outcome = keyof HealthCounts

// What each outcome means to a person, per kind of job, in the order a summary names them.
const WORDS: Record<HealthJob['kind'], [Outcome, string][]> = {
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

/** One line on what a finished health job found: "Cancelled after 3 of 10 files: 2 whole, 1 missing." */
export function jobSummary(job: HealthJob): string {
  const found = WORDS[job.kind]
    .filter(([outcome]) => job.counts[outcome] > 0)
    .map(([outcome, words]) => `${job.counts[outcome].toLocaleString()} ${words}`)
  const of = job.filesTotal === null ? '' : ` of ${job.filesTotal.toLocaleString()}`
  const head =
    job.state === 'cancelled'
      ? `Cancelled after ${job.filesDone.toLocaleString()}${of} files`
      : job.state === 'failed'
        ? `Failed after ${job.filesDone.toLocaleString()}${of} files`
        : job.kind === 'verify'
          ? `Checked ${files(job.filesDone)}`
          : undefined
  if (found.length === 0) return head === undefined ? 'No linked file was missing.' : `${head}.`
  // A finished relink's findings say it all: "2 relinked, 1 still missing."
  return head === undefined ? `${found.join(', ')}.` : `${head}: ${found.join(', ')}.`
}

function files(count: number): string {
  return `${count.toLocaleString()} ${count === 1 ? 'file' : 'files'}`
}
