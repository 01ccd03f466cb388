import type { Table } from './declare'
import * as assets from './tables/assets'
import * as inbox from './tables/inbox'
import * as jobs from './tables/jobs'
import * as organise from './tables/organise'
import * as people from './tables/people'
import * as pipelines from './tables/pipelines'
import * as review from './tables/review'
import * as workflows from './tables/workflows'

/**
 * The catalogue's tables, declared once for both engines (issue 59 point 1): a library's SQLite and a hub's
 * PostgreSQL. Both engines' migrations must leave exactly this (test/integration/schema-parity.test.ts).
 */
export const CATALOGUE: readonly Table[] = [
  assets,
  organise,
  workflows,
  pipelines,
  jobs,
  people,
  review,
  inbox,
].flatMap((group) => Object.values(group))
