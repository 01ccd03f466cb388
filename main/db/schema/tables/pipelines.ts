import { fk, HUB_ORDER, bigint, int, json, real, text, index, table } from '../declare'

// The caches (hub 0110): a library's rows are unique by the plugins' keys, which name a file path, so a plugin opens
// the file as it is; a hub's paths are each machine's own, so its rows are unique by content.
const PLUGIN = "the media plugin's own declared type (library 0160); a hub's analyses are jsonb, its runs' JSON text"
const PLUGIN_KEY = "the plugin's key, by file path"
const BY_CONTENT = 'cache hits by content hash and config hash'

export const timelines = table({
  name: 'timelines',
  columns: {
    id: bigint.nn.identity('by default'),
    video_id: text,
    content_hash: text.nn,
    profile: text.nn,
    fps: real.nn,
    config: json.nn,
    status: text.nn,
    frame_count: int.nn.default('0'),
    frame_bytes: bigint.nn.default('0'),
    created_at: text.nn,
  },
  checks: ['fps > 0', "status IN ('created', 'cached', 'ready')"],
  storage: { strict: true },
  primaryKey: ['id'],
  references: [fk('video_id', 'videos.id', 'set null')],
  unique: [{ columns: ['content_hash', 'profile', 'fps'] }],
  indexes: [index('timelines_by_video', ['video_id'], { where: 'video_id IS NOT NULL' })],
  topics: ['timelines'],
})

export const timeline_frames = table({
  name: 'timeline_frames',
  columns: {
    timeline_id: bigint.nn,
    sequence: int.nn,
    chunk_id: int.nn,
    timestamp: real.nn,
    frame_key: text.nn,
    perceptual_hash: text.nn,
    hash_quality: int.nn,
    bytes: bigint.nn,
  },
  storage: { strict: true },
  primaryKey: ['timeline_id', 'sequence'],
  references: [fk('timeline_id', 'timelines.id', 'cascade')],
  topics: ['timeline_frames'],
})

export const checkpoints = table({
  name: 'checkpoints',
  columns: {
    id: bigint.nn.identity('by default'),
    timeline_id: bigint.nn,
    parent_id: bigint,
    run_id: text,
    stage: text,
    stats: json.nn.default("'{}'"),
    config_overrides: json.nn.default("'{}'"),
    cached: int.nn.default('0'),
    is_scenario: int.nn.default('0'),
    scenario_label: text,
    pinned: int.nn.default('0'),
    created_at: text.nn,
  },
  checks: ['cached IN (0, 1)', 'is_scenario IN (0, 1)', 'pinned IN (0, 1)', '(parent_id IS NULL) = (stage IS NULL)'],
  storage: { strict: true, autoincrement: true },
  primaryKey: ['id'],
  references: [
    fk('parent_id', 'checkpoints.id', 'cascade'),
    fk('run_id', 'workflow_executions.id', 'set null'),
    fk('timeline_id', 'timelines.id', 'cascade'),
  ],
  indexes: [
    index('checkpoints_by_parent', ['parent_id'], { where: 'parent_id IS NOT NULL' }),
    index('checkpoints_by_run', ['run_id'], { where: 'run_id IS NOT NULL' }),
    index('checkpoints_by_timeline', ['timeline_id', 'id']),
  ],
  topics: ['checkpoints'],
})

export const checkpoint_outputs = table({
  name: 'checkpoint_outputs',
  columns: {
    checkpoint_id: bigint.nn,
    stage: text.nn,
    output_key: text.nn,
  },
  storage: { strict: true },
  primaryKey: ['checkpoint_id', 'stage'],
  references: [fk('checkpoint_id', 'checkpoints.id', 'cascade'), fk('output_key', 'stage_outputs.key', 'no action')],
  indexes: [index('checkpoint_outputs_by_key', ['output_key'])],
  topics: ['checkpoint_outputs'],
})

export const stage_outputs = table({
  name: 'stage_outputs',
  columns: {
    key: text.nn,
    stage: text.nn,
    version: int.nn,
    content_hash: text.nn,
    config_hash: text.nn,
    input_keys: json.nn.default("'[]'"),
    output: json.nn,
    bytes: bigint.nn,
    created_at: text.nn,
  },
  storage: { strict: true },
  primaryKey: ['key'],
  topics: ['stage_outputs'],
})

export const pipeline_runs = table({
  name: 'pipeline_runs',
  columns: {
    execution_id: text.nn,
    video_id: text,
    timeline_id: bigint,
    kind: text.nn,
    from_checkpoint_id: bigint,
    stages: text.nn,
    config: text.nn.default("'{}'"),
    current_stage: text,
    job_id: text,
    created_at: text.nn,
  },
  checks: ["kind IN ('initial', 'replay', 'retry')"],
  storage: { strict: true },
  primaryKey: ['execution_id'],
  references: [
    fk('execution_id', 'workflow_executions.id', 'cascade'),
    fk('timeline_id', 'timelines.id', 'set null'),
    fk('video_id', 'videos.id', 'set null'),
  ],
  indexes: [index('pipeline_runs_by_video', ['video_id', 'created_at'], { where: 'video_id IS NOT NULL' })],
  topics: ['pipeline_runs'],
})

export const analysis_jobs = table({
  name: 'analysis_jobs',
  columns: {
    id: bigint.nn.identity('by default'),
    file_path: text.nn,
    file_hash: text.nn,
    config_hash: text.nn,
    ranges: json.on('sqlite', { type: 'json' }, PLUGIN),
    metadata: json.on('sqlite', { type: 'json' }, PLUGIN),
    created_at: real.nn,
  },
  storage: { autoincrement: true },
  primaryKey: ['id'],
  unique: [
    { columns: ['file_hash', 'config_hash'], only: { engine: 'postgres', why: BY_CONTENT } },
    { columns: ['file_path', 'config_hash'], only: { engine: 'sqlite', why: PLUGIN_KEY } },
  ],
  indexes: [
    index('analysis_jobs_by_path', ['file_path', 'config_hash'], { only: { engine: 'postgres', why: PLUGIN_KEY } }),
    index('analysis_jobs_content', ['file_hash', 'config_hash'], { only: { engine: 'sqlite', why: BY_CONTENT } }),
    index('analysis_jobs_created', ['created_at'], {
      differs: { postgres: { columns: ['created_at', 'id'], why: HUB_ORDER } },
    }),
  ],
})

export const analysis_sources = table({
  name: 'analysis_sources',
  columns: {
    analysis_id: bigint.nn,
    source_database: text.nn,
    source_row_id: bigint.nn,
    source_file_path: text.nn,
    copied_at: real.nn,
  },
  storage: { strict: true },
  primaryKey: ['analysis_id'],
  references: [
    fk('analysis_id', 'analysis_jobs.id', 'cascade', {
      engine: 'postgres',
      why: "a hub's writers cannot leave keys off; a library's trigger drops the note (hub 0110)",
    }),
  ],
})

export const processing_jobs = table({
  name: 'processing_jobs',
  columns: {
    id: bigint.nn.identity('by default'),
    job_id: text.nn,
    action: text.nn,
    input_path: text.nn,
    input_hash: text.nn,
    config_hash: text.nn.default("''"),
    output_path: text.nn,
    output_hash: text.nn,
    parameters: text.on('sqlite', { type: 'json' }, PLUGIN),
    metadata: text.on('sqlite', { type: 'json' }, PLUGIN),
    created_at: real.nn,
  },
  storage: { autoincrement: true },
  primaryKey: ['id'],
  unique: [
    { columns: ['input_hash', 'config_hash', 'action'], only: { engine: 'postgres', why: BY_CONTENT } },
    { columns: ['job_id'] },
  ],
  indexes: [
    index('idx_processing_cache', ['action', 'input_path', 'config_hash'], {
      unique: true,
      only: { engine: 'sqlite', why: PLUGIN_KEY },
    }),
    index('processing_jobs_content', ['input_hash'], { only: { engine: 'sqlite', why: BY_CONTENT } }),
    index('processing_jobs_created', ['created_at'], {
      differs: { postgres: { columns: ['created_at', 'id'], why: HUB_ORDER } },
    }),
    index('processing_jobs_input', ['input_path']),
    index('processing_jobs_output', ['output_path']),
  ],
})
