import type { Migration } from '../migration'
import { logAsset } from './facet-change-log'

/**
 * Facets on generation details (issue 24 point 10): provider, model, sampler, steps and LoRAs (from
 * `video_generation`) and whether an asset belongs to a workflow (`workflow_videos`) are counted by the
 * facet index like any facet. Their writes reach it through 0140's change log, as tags do.
 */
export const migration: Migration = {
  version: 300,
  name: 'generation-facets',
  up(db) {
    db.exec(`
      CREATE TRIGGER facet_changes_generation_insert AFTER INSERT ON video_generation BEGIN
        ${logAsset('new.video_id')}
      END;
      CREATE TRIGGER facet_changes_generation_update AFTER UPDATE ON video_generation BEGIN
        ${logAsset('old.video_id')}
        ${logAsset('new.video_id')}
      END;
      CREATE TRIGGER facet_changes_generation_delete AFTER DELETE ON video_generation BEGIN
        ${logAsset('old.video_id')}
      END;
      CREATE TRIGGER facet_changes_workflow_link AFTER INSERT ON workflow_videos BEGIN
        ${logAsset('new.video_id')}
      END;
      CREATE TRIGGER facet_changes_workflow_unlink AFTER DELETE ON workflow_videos BEGIN
        ${logAsset('old.video_id')}
      END;
    `)
  },
}
