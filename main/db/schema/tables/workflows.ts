import { fk, bigint, int, text, index, table } from '../declare'

export const workflows = table({
  name: 'workflows',
  columns: {
    id: text.nn,
    name: text.nn,
    description: text,
    status: text.nn.default("'draft'"),
    definition: text.nn,
    format: text.nn.default("'native'"),
    definition_hash: text.nn.default("''"),
    source: text,
    created_at: text.nn.default({
      sqlite: 'CURRENT_TIMESTAMP',
      postgres: "to_char((now() AT TIME ZONE 'UTC'::text), 'YYYY-MM-DD HH24:MI:SS'::text)",
    }),
    updated_at: text.nn.default({
      sqlite: 'CURRENT_TIMESTAMP',
      postgres: "to_char((now() AT TIME ZONE 'UTC'::text), 'YYYY-MM-DD HH24:MI:SS'::text)",
    }),
    last_executed_at: text,
    name_origin: text,
  },
  checks: [
    "status IN ('draft', 'saved')",
    "format IN ('native', 'comfyui-ui', 'comfyui-api', 'invokeai')",
    "name_origin IN ('given', 'title', 'auto')",
  ],
  primaryKey: ['id'],
  indexes: [
    index('workflows_definition_hash', ['definition_hash']),
    index('workflows_updated_at', ['updated_at', 'id']),
  ],
  topics: ['workflows'],
})

export const workflow_versions = table({
  name: 'workflow_versions',
  columns: {
    id: bigint.nn.identity('by default'),
    workflow_id: text.nn,
    ordinal: int.nn,
    shape_hash: text.nn,
    created_at: text.nn,
  },
  primaryKey: ['id'],
  references: [fk('workflow_id', 'workflows.id', 'cascade')],
  unique: [{ columns: ['workflow_id', 'ordinal'] }, { columns: ['workflow_id', 'shape_hash'] }],
  indexes: [index('workflow_versions_shape', ['shape_hash'])],
})

export const workflow_definitions = table({
  name: 'workflow_definitions',
  columns: {
    id: bigint.nn.identity('by default'),
    workflow_id: text.nn,
    version_id: bigint.nn,
    hash: text.nn,
    format: text.nn,
    definition: text.nn,
    created_at: text.nn,
  },
  primaryKey: ['id'],
  references: [fk('version_id', 'workflow_versions.id', 'cascade'), fk('workflow_id', 'workflows.id', 'cascade')],
  unique: [{ columns: ['workflow_id', 'hash'] }],
  indexes: [index('workflow_definitions_version', ['version_id', 'id'])],
})

export const workflow_executions = table({
  name: 'workflow_executions',
  columns: {
    id: text.nn,
    workflow_id: text.nn,
    status: text.nn.default("'queued'"),
    started_at: text.default({
      sqlite: 'CURRENT_TIMESTAMP',
      postgres: "to_char((now() AT TIME ZONE 'UTC'::text), 'YYYY-MM-DD HH24:MI:SS'::text)",
    }),
    completed_at: text,
    execution_data: text,
    error: text,
    created_at: text.nn.default({
      sqlite: 'CURRENT_TIMESTAMP',
      postgres: "to_char((now() AT TIME ZONE 'UTC'::text), 'YYYY-MM-DD HH24:MI:SS'::text)",
    }),
    definition_id: bigint,
    job_id: text,
  },
  checks: ["status IN ('queued', 'running', 'completed', 'failed', 'cancelled')"],
  primaryKey: ['id'],
  references: [
    fk('definition_id', 'workflow_definitions.id', 'set null'),
    fk('workflow_id', 'workflows.id', 'cascade'),
  ],
  indexes: [
    index('workflow_executions_by_job', ['job_id'], { where: 'job_id IS NOT NULL' }),
    index('workflow_executions_by_workflow', ['workflow_id', '(expr)', 'id'], {
      expressions: ['coalesce(started_at, created_at)'],
    }),
    index('workflow_executions_definition', ['definition_id'], { where: 'definition_id IS NOT NULL' }),
  ],
  topics: ['workflow_executions'],
})

export const workflow_videos = table({
  name: 'workflow_videos',
  columns: {
    workflow_id: text.nn,
    video_id: text.nn,
    node_id: text.nn,
    node_type: text,
    role: text.nn.default("'output'"),
    execution_id: text,
    created_at: text.nn.default({
      sqlite: 'CURRENT_TIMESTAMP',
      postgres: "to_char((now() AT TIME ZONE 'UTC'::text), 'YYYY-MM-DD HH24:MI:SS'::text)",
    }),
    definition_id: bigint,
  },
  checks: ["role IN ('output', 'input', 'intermediate')"],
  primaryKey: ['workflow_id', 'video_id', 'node_id'],
  references: [
    fk('definition_id', 'workflow_definitions.id', 'set null'),
    fk('execution_id', 'workflow_executions.id', 'set null'),
    fk('video_id', 'videos.id', 'cascade'),
    fk('workflow_id', 'workflows.id', 'cascade'),
  ],
  indexes: [
    index('workflow_videos_definition', ['definition_id'], { where: 'definition_id IS NOT NULL' }),
    index('workflow_videos_execution', ['execution_id'], { where: 'execution_id IS NOT NULL' }),
    index('workflow_videos_video', ['video_id']),
  ],
  topics: ['workflow_videos'],
})

export const video_generation = table({
  name: 'video_generation',
  columns: {
    video_id: text.nn,
    provider: text,
    model: text,
    prompt: text,
    negative_prompt: text,
    seed: text,
    generation_params: text,
    job_id: text,
    status: text,
    created_at: text.nn.default({
      sqlite: 'CURRENT_TIMESTAMP',
      postgres: "to_char((now() AT TIME ZONE 'UTC'::text), 'YYYY-MM-DD HH24:MI:SS'::text)",
    }),
    completed_at: text,
    error: text,
    started_at: text,
  },
  primaryKey: ['video_id'],
  references: [fk('video_id', 'videos.id', 'cascade')],
  topics: ['video_generation'],
})
