import { ChangeTopic, Topic, type LibraryChanged } from '../../shared/contract'

/**
 * The one map of the change log's tables to the topics clients follow (shared/contract/topics.ts): a client
 * hears which topics a change touched and never names a table. A table no client reads maps to none.
 */
export const TABLE_TOPICS: { readonly [T in ChangeTopic]: readonly Topic[] } = {
  library_meta: ['library'],
  videos: ['assets'],
  videos_fts: ['search-text'],
  tags: ['tags'],
  asset_tags: ['tags'],
  collections: ['collections'],
  collection_items: ['collections'],
  collection_shares: ['collections'],
  trash_batches: ['trash'],
  trash_entries: ['trash'],
  import_items: ['imports'],
  video_generation: ['generation'],
  workflows: ['workflows'],
  workflow_executions: ['workflows'],
  workflow_videos: ['workflows'],
  frame_hashes: ['hashes'],
  similar_dismissed: ['similar'],
  near_duplicate_assets: ['similar'],
  stack_members: ['stacks'],
  asset_screen_text: ['search-text'],
  subtitle_tracks: ['subtitles'],
  timelines: ['pipelines'],
  timeline_frames: ['pipelines'],
  checkpoints: ['pipelines'],
  checkpoint_outputs: ['pipelines'],
  stage_outputs: ['pipelines'],
  pipeline_runs: ['pipelines'],
  saved_searches: ['saved-searches'],
  watch_folders: ['watch-folders'],
  watch_files: ['watch-folders'],
  watch_events: ['watch-folders'],
  people: ['people'],
  access_tokens: ['people'],
  comments: ['comments'],
  comment_mentions: ['comments'],
  // A collection shows its review progress.
  asset_reviews: ['assets', 'collections'],
  inbox_entries: ['inbox'],
  review_links: ['links'],
}

/** The topics of these tables, each once, in topic order. */
export function topicsOf(tables: readonly ChangeTopic[]): Topic[] {
  const touched = new Set(tables.flatMap((table) => TABLE_TOPICS[table]))
  return Topic.options.filter((topic) => touched.has(topic))
}

/** A logged change as clients hear it: its sequence, its tables (JSON, as the log holds them) and their topics. */
export function loggedChange(seq: number, tablesJson: string): LibraryChanged {
  const tables = ChangeTopic.array().parse(JSON.parse(tablesJson))
  return { tables, topics: topicsOf(tables), seq }
}
