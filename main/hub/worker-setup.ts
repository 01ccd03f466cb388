import { z } from 'zod'
import { JobKind } from '../../shared/contract'

/**
 * What a worker needs to work for a hub (issue 35), as the hub hands it to an admin's token (`GET /worker`): where its
 * catalogue is (a PostgreSQL URL with its password: on the hub's own server the workers' role, which the hub gives a
 * new password when an admin leaves; else the hub's `--database`), where its files are (an S3 bucket's URL,
 * credentials on the worker's machine as for the hub; or the hub's folder, for a worker on the hub's machine), the
 * catalogue's schema version (a worker of another Framevault version is refused) and the kinds of jobs that wait in
 * its queue.
 */
export const WorkerSetup = z.object({
  database: z.string(),
  store: z.string().nullable(),
  folder: z.string().nullable(),
  schema: z.number().int(),
  queued: z.array(JobKind),
})
export type WorkerSetup = z.infer<typeof WorkerSetup>
