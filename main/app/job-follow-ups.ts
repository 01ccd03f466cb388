import type { JobFollowUps } from '../jobs/job-handler'

/**
 * Which kinds follow a job of each kind when it ends, in the process that ran it (issue 59 point 3): the runner asks
 * each follow-up kind's handler (`after`) to queue its job when there is work for it, before the ended job settles.
 */
export const JOB_FOLLOW_UPS = {
  import: ['thumbnails', 'similar-hash', 'sidecar-pairing'],
  'similar-hash': ['near-duplicate-set'],
  verify: ['near-duplicate-set'],
  relink: ['near-duplicate-set'],
} as const satisfies JobFollowUps

/** The follow-ups a host runs: hashing after imports only where it is asked for (the app's hosts). */
export function followUpsOf(options: { hashAfterImports?: boolean }): JobFollowUps {
  if (options.hashAfterImports === true) return JOB_FOLLOW_UPS
  return { ...JOB_FOLLOW_UPS, import: JOB_FOLLOW_UPS.import.filter((kind) => kind !== 'similar-hash') }
}
