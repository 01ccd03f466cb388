import { fk, HUB_ORDER, bigint, int, real, text, index, table } from '../declare'

export const jobs = table({
  name: 'jobs',
  columns: {
    id: text.nn.collate({ postgres: '"C"' }),
    kind: text.nn,
    state: text.nn,
    title: text.nn,
    asset_id: text,
    params: text,
    result: text,
    error: text,
    created_at: text.nn.collate({ postgres: '"C"' }),
    started_at: text,
    finished_at: text,
    owner_pid: int,
    owner_started: text,
    owner_id: text,
    owner_host: text,
    lease_until: bigint,
    requested_by: text,
    attempts: int.nn.default('0'),
    cancel_requested: int.nn.default('0'),
    cancelled_by: text,
  },
  checks: ["state IN ('queued', 'running', 'done', 'failed', 'cancelled')"],
  storage: { strict: true },
  primaryKey: ['id'],
  indexes: [
    index('jobs_asset', ['asset_id', 'created_at'], {
      where: 'asset_id IS NOT NULL',
      differs: { postgres: { columns: ['asset_id', 'created_at', 'id'], why: HUB_ORDER } },
    }),
    index('jobs_created', ['created_at'], { differs: { postgres: { columns: ['created_at', 'id'], why: HUB_ORDER } } }),
    index('jobs_kind', ['kind', 'created_at'], {
      differs: { postgres: { columns: ['kind', 'created_at', 'id'], why: HUB_ORDER } },
    }),
    index('jobs_unfinished', ['state'], { where: "state IN ('queued', 'running')" }),
    index('jobs_waiting', ['kind', 'created_at', 'id'], {
      where: "state = 'queued' AND owner_id IS NULL",
    }),
  ],
})

export const import_items = table({
  name: 'import_items',
  columns: {
    job_id: text.nn.collate({ postgres: '"C"' }),
    seq: int.nn,
    path: text.nn,
    name: text.nn,
    size_bytes: bigint,
    outcome: text.nn,
    asset_id: text,
    reason: text,
    finished_at: text.nn.collate({ postgres: '"C"' }),
  },
  checks: ["outcome IN ('imported', 'duplicate', 'failed')"],
  storage: { strict: true },
  primaryKey: ['job_id', 'seq'],
  references: [fk('job_id', 'jobs.id', 'cascade')],
  indexes: [
    index('import_items_asset', ['asset_id', 'outcome'], { where: 'asset_id IS NOT NULL' }),
    index('import_items_outcome', ['job_id', 'outcome']),
  ],
  topics: ['import_items'],
})

export const batch_items = table({
  name: 'batch_items',
  columns: {
    job_id: text.nn.collate({ postgres: '"C"' }),
    seq: int.nn,
    asset_id: text.nn,
    asset_name: text.nn,
    outcome: text.nn,
    message: text,
    analysis_id: bigint,
    output_asset_id: text,
    finished_at: text.nn,
    asset_job_id: text.collate({ postgres: '"C"' }),
  },
  checks: ["outcome IN ('failed', 'cancelled', 'skipped', 'ran', 'cached')"],
  storage: { strict: true },
  primaryKey: ['job_id', 'seq'],
  references: [fk('job_id', 'jobs.id', 'cascade')],
  indexes: [
    index('batch_items_by_asset_job', ['asset_job_id'], { where: 'asset_job_id IS NOT NULL' }),
    index('batch_items_outcome', ['job_id', 'outcome', 'seq']),
  ],
})

export const watch_folders = table({
  name: 'watch_folders',
  columns: {
    id: bigint.nn.identity('by default'),
    path: text.nn.collate({ postgres: '"C"' }),
    mode: text.nn,
    paused: int.nn.default('0'),
    created_at: text.nn,
  },
  checks: ["mode IN ('copy', 'link')", 'paused IN (0, 1)'],
  storage: { strict: true },
  primaryKey: ['id'],
  unique: [{ columns: ['path'] }],
  topics: ['watch_folders'],
})

export const watch_files = table({
  name: 'watch_files',
  columns: {
    folder_id: bigint.nn,
    path: text.nn.collate({ postgres: '"C"' }),
    size: bigint.nn,
    mtime_ms: real.nn,
    outcome: text,
    asset_id: text,
    seen_at: text.nn,
  },
  storage: { strict: true, withoutRowid: true },
  primaryKey: ['folder_id', 'path'],
  references: [fk('folder_id', 'watch_folders.id', 'cascade')],
  topics: ['watch_files'],
})

export const watch_events = table({
  name: 'watch_events',
  columns: {
    id: bigint.nn.identity('by default'),
    folder_id: bigint.nn,
    at: text.nn,
    kind: text.nn,
    path: text,
    detail: text,
  },
  storage: { strict: true },
  primaryKey: ['id'],
  references: [fk('folder_id', 'watch_folders.id', 'cascade')],
  indexes: [index('watch_events_folder', ['folder_id', 'id'])],
  topics: ['watch_events'],
})
