import type { ImportJob } from '../../../../shared/contract'
import type { ImportEntry } from './import-entries'

/** The imports a panel lists: a signed-in person's own unless they asked for everyone's; all where nobody signs in. */
export function importsShown(entries: ImportEntry[], me: string | null, everyone: boolean): ImportEntry[] {
  if (me === null || everyone) return entries
  return entries.filter((entry) => entry.job.requestedBy === me)
}

/** Whose an import is, as a line of everyone's imports begins ("Vera's", "Your"); null when nobody started it. */
export function ownerLabel(job: ImportJob, me: string): string | null {
  if (job.requestedBy === null) return null
  return job.requestedBy === me ? 'Your' : `${job.requestedBy}'s`
}
