import type { HandlerGroup } from './handler-types'

export const jobHandlers = {
  'jobs:list': ({ kind, assetId, limit }, lib) => ({ jobs: lib.jobs.list({ kind, assetId, limit }) }),
  'jobs:get': ({ jobId }, lib) => ({ job: lib.jobs.get(jobId) }),
  'jobs:cancel': async ({ jobId }, lib) => ({ job: await lib.jobs.cancel(jobId) }),
} satisfies HandlerGroup
