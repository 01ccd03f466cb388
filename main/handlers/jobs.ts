import type { HandlerGroup } from './handler-types'

export const jobHandlers = {
  'jobs:list': async ({ kind, assetId, limit }, lib) => ({ jobs: await lib.jobs.list({ kind, assetId, limit }) }),
  'jobs:get': async ({ jobId }, lib) => ({ job: await lib.jobs.get(jobId) }),
  'jobs:cancel': async ({ jobId }, lib) => ({ job: await lib.jobs.cancel(jobId) }),
  'jobs:retry': async ({ jobId }, lib) => ({ job: await lib.jobs.retry(jobId) }),
  'jobs:queue': async (_input, lib) => lib.jobs.queue(),
} satisfies HandlerGroup
