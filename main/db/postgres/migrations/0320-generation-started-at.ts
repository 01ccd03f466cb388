import type { PostgresMigration } from '../postgres-migration'

/** When an asset's generation started, as a library's 0570 (the original media manager's `started_at`). */
export const migration: PostgresMigration = {
  version: 320,
  name: 'generation-started-at',
  up: 'ALTER TABLE video_generation ADD COLUMN started_at text',
}
