import { COMPUTED } from './videos-computed'
import { fk, HUB_ORDER, bigint, int, real, text, untyped, index, table } from '../declare'

// A hub's stand-in for SQLite's rowid, the facet index's place for each asset (hub 0220).
const ROW_ID = "a library's is the rowid"

export const library_meta = table({
  name: 'library_meta',
  columns: {
    key: text.nn,
    value: text.nn,
  },
  storage: { strict: true },
  primaryKey: ['key'],
  topics: ['library_meta'],
  quiet: {
    rows: (row) => `${row}.key = 'near_duplicates_stale'`,
    why: 'the near-duplicate groups are to be made again (main/db/repos/similar.ts): no client shows it',
  },
})

export const videos = table({
  name: 'videos',
  columns: {
    id: text.nn,
    name: text.nn,
    file_path: text.nn.on(
      'postgres',
      { notNull: false },
      "a hub's copies are known by their object key alone (hub 0030)",
    ),
    file_hash: text,
    size_bytes: bigint,
    duration_seconds: real,
    resolution: text,
    aspect_ratio: text,
    codec: text,
    fps: real,
    source_type: text.nn.default("'uploaded'"),
    created_at: text.nn.default({ sqlite: 'CURRENT_TIMESTAMP' }),
    metadata: text,
    media_type: text.nn.default("'video'"),
    status: int.nn.default('1'),
    error: text,
    imported_by: text,
    original_path: text,
    imported_at: text,
    sampled_id: text,
    storage: text.nn.default("'copy'"),
    rating: int.nn.default('0'),
    notes: text,
    width: int.generated(COMPUTED.width!),
    height: int.generated(COMPUTED.height!),
    orientation: text.generated(COMPUTED.orientation!),
    has_audio: int.generated(COMPUTED.has_audio!),
    container: text.generated(COMPUTED.container!),
    sort_imported: text.generated(COMPUTED.sort_imported!).collate({ postgres: '"C"' }),
    sort_name: text.generated(COMPUTED.sort_name!).collate({ postgres: '"C"' }),
    sort_duration: real.generated(COMPUTED.sort_duration!),
    sort_size: bigint.generated(COMPUTED.sort_size!),
    sort_pixels: bigint.generated(COMPUTED.sort_pixels!),
    verified_at: text,
    health: text,
    health_at: text,
    thumbs_bytes: bigint,
    object_key: text,
    row_id: bigint.nn.onlyIn('postgres', ROW_ID).identity('by default'),
    search_document: text
      .on('postgres', { type: 'tsvector' }, 'full text')
      .onlyIn('postgres', 'what a search reads (hub 0240)'),
    // Issue 60 point 2: the asset's review status, who set it and when, as asset_reviews' newest row says (library
    // 0630, hub 0370); a column of its own for the facet index.
    review_status: text.nn.default("'none'"),
    review_by: text,
    review_at: text,
    codec_name: text.generated(COMPUTED.codec_name!),
    codec_profile: text.generated(COMPUTED.codec_profile!),
  },
  checks: [
    "media_type IN ('video', 'image', 'audio')",
    'status BETWEEN 1 AND 6',
    "storage IN ('copy', 'link')",
    'rating BETWEEN 0 AND 5',
    "health IN ('missing', 'changed')",
    "review_status IN ('none', 'in-review', 'needs-changes', 'approved')",
  ],
  primaryKey: ['id'],
  unique: [
    { columns: ['file_path'] },
    {
      columns: ['object_key'],
      only: { engine: 'postgres', why: "a hub's copies are known by their object key alone" },
    },
  ],
  indexes: [
    // The original media manager's name for it (library 0580).
    index('idx_videos_hash', ['file_hash']),
    index('videos_duration_bytes', ['duration_seconds', 'size_bytes']),
    index(
      'videos_facets',
      [
        'media_type',
        'source_type',
        'status',
        'codec',
        'container',
        'has_audio',
        'rating',
        'width',
        'height',
        // The filter table's facets (main/db/browse-model/filters.ts) after the key, before the ranges (library 0600).
        'imported_by',
        'review_status',
        'duration_seconds',
        'size_bytes',
        'sort_imported',
      ],
      { only: { engine: 'sqlite', why: "SQLite's facet reader walks it (INDEXED BY); a hub's reads rows" } },
    ),
    index('videos_health', ['health', 'id'], { where: 'health IS NOT NULL' }),
    index('videos_import_day', ['(expr)', 'size_bytes'], {
      expressions: ['substr(coalesce(imported_at, created_at), 1, 10)'],
    }),
    index('videos_imported_at', ['imported_at', 'id']),
    index('videos_original_path', ['original_path'], {
      where: 'original_path IS NOT NULL',
      differs: { postgres: { columns: ['original_path', 'id'], why: HUB_ORDER } },
      collate: { postgres: { original_path: '"C"', id: '"C"' } },
    }),
    index('videos_owned_copies', ['storage'], {
      where: 'object_key IS NOT NULL',
      only: {
        engine: 'sqlite',
        why: 'finds copies at each open, to see whether the folder moved; a hub has no folder',
      },
    }),
    index('videos_row_id', ['row_id'], { unique: true, only: { engine: 'postgres', why: ROW_ID } }),
    index('videos_sampled_id', ['sampled_id']),
    index('videos_sort_duration', ['sort_duration', 'id'], { collate: { postgres: { id: '"C"' } } }),
    index('videos_sort_imported', ['sort_imported', 'id'], { collate: { postgres: { id: '"C"' } } }),
    index('videos_sort_name', ['sort_name', 'id'], { collate: { postgres: { id: '"C"' } } }),
    index('videos_sort_pixels', ['sort_pixels', 'id'], { collate: { postgres: { id: '"C"' } } }),
    index('videos_sort_size', ['sort_size', 'id'], { collate: { postgres: { id: '"C"' } } }),
    index('videos_stats', ['media_type', 'source_type', 'codec', 'resolution', 'size_bytes']),
    index('videos_storage_size', ['storage', 'size_bytes']),
    index('videos_thumbs_bytes', ['thumbs_bytes']),
    index('videos_unverified', ['id'], { where: 'verified_at IS NULL' }),
  ],
  topics: ['videos'],
  quiet: {
    columns: ['thumbs_bytes', 'search_document', 'review_status', 'review_by', 'review_at'],
    why:
      "a thumbnail's size kept for the storage sums; a hub's copy of the search text (asset_search notes it); " +
      'the review status copied from asset_reviews, whose insert notes the change',
  },
})

export const videos_fts = table({
  name: 'videos_fts',
  only: { engine: 'sqlite', why: "a library's FTS5 text index; a hub's is asset_search" },
  columns: {
    name: untyped,
    original_path: untyped,
    tags: untyped,
    notes: untyped,
    prompt: untyped,
    screen_text: untyped,
    subtitles: untyped,
    comments: untyped,
  },
  primaryKey: [],
  topics: ['videos_fts'],
  // FTS5 holds no trigger: its sources' triggers write it (library migrations 0060, 0200, 0360, 0440, 0790).
  fedBy: {
    videos: ['insert', 'update', 'delete'],
    asset_tags: ['insert', 'delete'],
    tags: ['update'],
    video_generation: ['insert', 'update', 'delete'],
    asset_screen_text: ['insert', 'update', 'delete'],
    subtitle_tracks: ['insert', 'delete'],
    comments: ['insert', 'update', 'delete'],
  },
})

export const videos_fts_keys = table({
  name: 'videos_fts_keys',
  only: { engine: 'sqlite', why: "each asset's row of videos_fts" },
  columns: {
    fts_rowid: bigint.nn,
    asset_id: text.nn,
  },
  storage: { strict: true },
  primaryKey: ['fts_rowid'],
  unique: [{ columns: ['asset_id'] }],
})

export const asset_search = table({
  name: 'asset_search',
  only: { engine: 'postgres', why: "a hub's text index (tsvector), as a library's videos_fts" },
  columns: {
    video_id: text.nn,
    document: text.nn.on('postgres', { type: 'tsvector' }, 'full text'),
    row_id: bigint.nn,
  },
  primaryKey: ['video_id'],
  references: [fk('video_id', 'videos.id', 'cascade')],
  indexes: [index('asset_search_document', ['document'], { using: 'gin' })],
  topics: ['videos_fts'],
})

export const file_hash_cache = table({
  name: 'file_hash_cache',
  only: { engine: 'sqlite', why: 'hashes of files by path, size and time on this machine' },
  columns: {
    path: text.nn,
    size: bigint.nn,
    mtime_ns: text.nn,
    sha256: text.nn,
  },
  storage: { strict: true },
  primaryKey: ['path'],
})

export const facet_changes = table({
  name: 'facet_changes',
  columns: {
    seq: bigint.nn.on('postgres', { notNull: false }, 'numbered as its transaction commits (hub 0220)'),
    video_rowid: bigint.nn.onlyIn('sqlite', "the asset's rowid"),
    row_id: bigint.nn.onlyIn('postgres', ROW_ID),
  },
  storage: { autoincrement: true },
  primaryKey: ['seq'],
  primaryKeyDiffers: { postgres: { columns: [], why: 'numbered as its transaction commits (hub 0220)' } },
  unique: [{ columns: ['seq'], only: { engine: 'postgres', why: 'numbered as its transaction commits (hub 0220)' } }],
  indexes: [
    index('facet_changes_unnumbered', ['row_id'], {
      where: 'seq IS NULL',
      only: { engine: 'postgres', why: 'the entries of transactions not yet committed (hub 0220)' },
    }),
  ],
})

export const asset_screen_text = table({
  name: 'asset_screen_text',
  columns: {
    video_id: text.nn,
    words: text.nn,
    updated_at: text.nn,
    first_seen: text,
  },
  storage: { strict: true },
  primaryKey: ['video_id'],
  references: [fk('video_id', 'videos.id', 'cascade')],
  topics: ['asset_screen_text'],
})

export const subtitle_tracks = table({
  name: 'subtitle_tracks',
  columns: {
    id: bigint.nn.identity('by default'),
    video_id: text.nn,
    position: int.nn,
    source: text.nn,
    stream_index: int,
    file_name: text,
    codec: text,
    language: text,
    title: text,
    cues: text.nn,
    problem: text,
    read_at: text.nn,
  },
  checks: ["source IN ('stream', 'sidecar')"],
  storage: { strict: true },
  primaryKey: ['id'],
  references: [fk('video_id', 'videos.id', 'cascade')],
  unique: [{ columns: ['video_id', 'position'] }],
  topics: ['subtitle_tracks'],
})

export const edit_versions = table({
  name: 'edit_versions',
  columns: {
    record_kind: text.nn,
    record_id: text.nn,
    field: text.nn,
    version: int.nn,
    changed_by: text,
    changed_at: text.nn,
  },
  storage: { withoutRowid: true },
  primaryKey: ['record_kind', 'record_id', 'field'],
})

export const removals = table({
  name: 'removals',
  columns: {
    kind: text.nn,
    hash: text.nn,
    name: text.nn.collate('NOCASE'),
    removed_by: text.nn,
    removed_at: text.nn,
  },
  checks: ["kind IN ('asset', 'tag', 'member', 'collection')"],
  storage: { strict: true, withoutRowid: true },
  primaryKey: ['kind', 'hash', 'name'],
})
