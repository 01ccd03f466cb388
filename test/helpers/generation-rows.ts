import type { Database } from 'better-sqlite3'

// Generation details and workflow links written as the import writes them, for the facet tests.
const PROVIDERS = ['comfyui', 'invokeai', null]
const MODELS = ['sd_xl_base_1.0', 'flux1-dev', 'wan2.1_t2v']
const SAMPLERS = ['euler', 'dpmpp_2m', null]
const STEPS = [20, 30, null]
const LORAS = ['detail-tweaker', 'film-grain', 'pixel-art']

/** Gives an asset generation details chosen by `pick` (provider, model, sampler, steps, 0–2 LoRAs). */
export function writeGeneration(db: Database, assetId: string, pick: number): void {
  const of = <T>(values: readonly T[], shift: number) => values[Math.floor(pick / 3 ** shift) % values.length]!
  const loras = LORAS.filter((_, i) => (pick >> i) % 3 === 1).map((name) => ({ name, weight: 0.8 }))
  const params = { sampler: of(SAMPLERS, 2), steps: of(STEPS, 3), loras }
  db.prepare(
    `INSERT OR REPLACE INTO video_generation (video_id, provider, model, generation_params, status)
     VALUES (?, ?, ?, ?, 'completed')`,
  ).run(assetId, of(PROVIDERS, 0), of(MODELS, 1), JSON.stringify(params))
}

/** Links an asset to a workflow (made once) as an output of its node 9. */
export function linkWorkflow(db: Database, assetId: string): void {
  db.prepare(
    `INSERT OR IGNORE INTO workflows (id, name, definition, format, definition_hash)
     VALUES ('wf-facets', 'Facets', '{}', 'native', 'sha256:00')`,
  ).run()
  db.prepare(`INSERT OR IGNORE INTO workflow_videos (workflow_id, video_id, node_id) VALUES ('wf-facets', ?, '9')`).run(
    assetId,
  )
}
