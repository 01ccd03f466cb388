import { Job, type JobProgress } from '../../shared/contract'
import type { StoredJob } from '../db/repos/jobs'

/**
 * A stored job as the contract types it, with its progress. A result that does not read as its
 * kind's (written by an older Framevault) reads as null rather than failing every list it is in;
 * a job whose parameters do not read either is no job this Framevault can show (undefined).
 */
export function typedJob(stored: StoredJob, progress: JobProgress | null): Job | undefined {
  const job = { ...stored, progress }
  const read = Job.safeParse(job)
  if (read.success) return read.data
  const withoutResult = Job.safeParse({ ...job, result: null })
  return withoutResult.success ? withoutResult.data : undefined
}
