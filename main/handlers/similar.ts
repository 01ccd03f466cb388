import { HASH_CONFIG_HASH } from '../services/similar/hash-config'
import { activeHashJob, startHashing } from '../services/similar/hash-job'
import { nearDuplicatesChanged } from '../services/similar/near-duplicate-set'
import { similarGroups, similarOf } from '../services/similar/similar-view'
import type { HandlerGroup } from './handler-types'

export const similarHandlers = {
  'similar:hash-all': async (_input, lib) => ({ job: await startHashing(lib) }),
  'similar:status': async (_input, lib) => ({
    ...(await lib.catalog.repos.similar.counts(HASH_CONFIG_HASH)),
    waiting: await lib.catalog.repos.similar.countUnhashed(HASH_CONFIG_HASH),
    job: await activeHashJob(lib),
  }),
  'similar:groups': (input, lib) => similarGroups(lib, input),
  'similar:of': (input, lib) => similarOf(lib, input.id),
  'similar:dismiss': async (input, lib) => {
    await lib.catalog.repos.similar.dismiss(input.a, input.b)
    await nearDuplicatesChanged(lib)
    return { dismissed: true as const }
  },
  'similar:undismiss': async (input, lib) => {
    await lib.catalog.repos.similar.undismiss(input.a, input.b)
    await nearDuplicatesChanged(lib)
    return { dismissed: false as const }
  },
} satisfies HandlerGroup
