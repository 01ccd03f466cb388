import { describe, expect, it } from 'vitest'
import type { MediaFilter, MediaSort } from '../../../shared/contract'
import type { MediaBrowse } from '../../../main/services/browse/media-browse'
import { createCatalog } from '../../../main/db/catalog'
import type { NewAsset } from '../../../main/db/repos/media'
import type { SqlEngine } from '../../../main/db/sql/sql-engine'
import { mediaFacets, searchMedia, type SearchRequest } from '../../../main/services/assets/media-search'
import { browseOnBothEngines } from '../../helpers/browse-engines'
import { writeElsewhere } from '../../helpers/sql-engines'

// Names that order differently by code point, by ASCII case folding and by a locale, and words for the search.
const NAMES = [
  'Beach sunset.mp4',
  'beach_sunrise_01.mov',
  'Été à Paris.mp4',
  'ete-draft.mp4',
  'Zebra crossing.webm',
  'zoo trip 2026.mp4',
  'ÄRGER take 2.mp4',
  'city lights.png',
  'City Lights (final).mp4',
  '日本 street.mp4',
  'clip.mp4',
  'clip.mp4',
]
const RESOLUTIONS = ['1920x1080', '1080x1920', '720x720', null, 'x480', '3840x2160', 'junk', '640x']
const CONTAINERS = ['mp4', 'mov', 'webm', 'png', null]

/** Sixty assets with every filtered and sorted column varied, ties included, written through the catalogue. */
function assets(): NewAsset[] {
  return Array.from({ length: 60 }, (_, i) => {
    const name = NAMES[i % NAMES.length]!
    const resolution = RESOLUTIONS[i % RESOLUTIONS.length]!
    const container = CONTAINERS[i % CONTAINERS.length]
    return {
      // Upper- and lower-case ids: the tiebreak orders them by code point on both engines.
      id: i % 3 === 0 ? `A${String(i).padStart(3, '0')}` : `a${String(i).padStart(3, '0')}`,
      name,
      filePath: `/library/media/${i}-${name}`,
      fileHash: `sha256:${String(i).padStart(64, '0')}`,
      sizeBytes: (i % 5) * 1_000_000,
      durationSeconds: i % 6 === 0 ? null : (i % 4) * 2.5,
      resolution,
      aspectRatio: null,
      codec: ['h264', 'hevc', 'vp9', null][i % 4]!,
      fps: 25,
      sourceType: ['uploaded', 'generated', 'processed'][i % 3]!,
      createdAt: `2026-11-${String(1 + (i % 20)).padStart(2, '0')} 10:00:00`,
      metadata: {
        ...(container && { container }),
        ...(i % 2 === 0 && { audioCodec: 'aac' }),
      },
      mediaType: name.endsWith('.png') ? 'image' : 'video',
      // Two people import (and rows another tool wrote may name nobody: see fill).
      importedBy: i % 4 === 3 ? 'Grace' : 'Ada',
      originalPath: i % 4 === 0 ? null : `/shoot/day${i % 3}/${name}`,
      importedAt: `2026-11-2${i % 5}T10:00:0${i % 10}.000Z`,
      sampledId: `s${i}`,
      storage: 'copy',
      objectKey: null,
    } satisfies NewAsset
  })
}

async function fill(sql: SqlEngine): Promise<void> {
  const catalog = createCatalog(sql)
  const all = assets()
  await catalog.transaction(async ({ media, organise, subtitles, screenText }) => {
    for (const asset of all) await media.insert(asset)
    const ids = all.map((asset) => asset.id)
    const sunny = await organise.ensureTag('Sunny')
    const draft = await organise.ensureTag('draft')
    await organise.link(
      sunny.id,
      ids.filter((_, i) => i % 3 === 1),
    )
    await organise.link(
      draft.id,
      ids.filter((_, i) => i % 4 === 1),
    )
    await subtitles.replace(ids[5]!, [subtitleTrack('The quartz falcon lands')], '2026-11-26T10:00:00.000Z')
    await screenText.put(ids[7]!, { words: 'ACME SALE', firstSeen: { ACME: 1.5, SALE: 2 } }, '2026-11-26')
  })
  for (const [i, asset] of all.entries()) {
    // Rows another tool wrote may have neither size nor import time (the import order falls back on created_at).
    if (i % 7 === 0) await sql.run('UPDATE videos SET size_bytes = NULL WHERE id = ?', [asset.id])
    if (i % 9 === 0) await sql.run('UPDATE videos SET imported_at = NULL WHERE id = ?', [asset.id])
    if (i % 10 === 9) await sql.run('UPDATE videos SET imported_by = NULL WHERE id = ?', [asset.id])
    if (i % 5 === 2) await sql.run('UPDATE videos SET rating = ? WHERE id = ?', [1 + (i % 5), asset.id])
    if (i % 11 === 3) await sql.run(`UPDATE videos SET health = 'missing' WHERE id = ?`, [asset.id])
    if (i % 8 === 6) await sql.run('UPDATE videos SET status = 6 WHERE id = ?', [asset.id])
    if (i % 10 === 4) await sql.run('UPDATE videos SET notes = ? WHERE id = ?', ['keeper for the reel', asset.id])
    if (i % 6 >= 4) {
      const status = i % 6 === 4 ? 'approved' : 'needs-changes'
      await sql.run('UPDATE videos SET review_status = ? WHERE id = ?', [status, asset.id])
    }
    if (i % 6 === 1) await sql.run('INSERT INTO near_duplicate_assets (asset_id) VALUES (?)', [asset.id])
    if (i % 7 === 2) {
      await sql.run(
        `INSERT INTO video_generation (video_id, provider, model, prompt, generation_params, created_at)
         VALUES (?, ?, ?, ?, ?, '2026-11-26')`,
        [
          asset.id,
          i % 2 === 0 ? 'comfyui' : 'invokeai',
          'sdxl',
          'a neon heron over water',
          JSON.stringify({ sampler: 'euler', steps: 20 + (i % 3), loras: [{ name: 'film-grain' }, { name: 'neon' }] }),
        ],
      )
    }
  }
  await sql.run(`INSERT INTO collections (name, created_at) VALUES ('Reel', '2026-11-26'), ('Selects', '2026-11-26')`)
  for (const [i, asset] of all.entries()) {
    for (const [name, member] of [
      ['Reel', i % 9 === 4],
      ['Selects', i % 5 === 0],
    ] as const) {
      if (!member) continue
      await sql.run(
        `INSERT INTO collection_items (collection_id, video_id, added_at)
         SELECT id, ?, '2026-11-26' FROM collections WHERE name = ?`,
        [asset.id, name],
      )
    }
  }
  await sql.run(`INSERT INTO workflows (id, name, definition) VALUES ('w1', 'Flow', '{}')`)
  await sql.run(`INSERT INTO workflow_videos (workflow_id, video_id, node_id) VALUES ('w1', ?, '9')`, [all[2]!.id])
  // A stack: two members under a head in the library, one under a head that is not.
  await sql.run(`INSERT INTO stack_members (member_id, head_id, reason) VALUES (?, ?, 'proxy')`, [
    all[1]!.id,
    all[0]!.id,
  ])
  await sql.run(`INSERT INTO stack_members (member_id, head_id, reason) VALUES (?, ?, 'proxy')`, [
    all[13]!.id,
    all[0]!.id,
  ])
  await sql.run(`INSERT INTO stack_members (member_id, head_id, reason) VALUES (?, 'gone', 'sidecar')`, [all[14]!.id])
}

function subtitleTrack(text: string) {
  return {
    source: 'stream' as const,
    streamIndex: 2,
    fileName: null,
    codec: 'subrip',
    language: 'eng',
    title: null,
    cues: [{ start: 1, end: 2, text }],
    problem: null,
  }
}

/** Every page of a request, walked `limit` at a time, as `[id, why it matched]`. */
async function walk(browse: MediaBrowse, request: Omit<SearchRequest, 'cursor'>) {
  const rows: Array<[string, string | null, number | null]> = []
  let cursor: string | null = null
  do {
    const page = await searchMedia({ browse }, { ...request, cursor })
    for (const item of page.items) rows.push([item.id, item.matched?.field ?? null, item.stackSize ?? null])
    cursor = page.nextCursor
  } while (cursor !== null)
  return rows
}

const SORTS: MediaSort[] = (['imported', 'name', 'duration', 'size', 'resolution'] as const).flatMap((by) => [
  { by, dir: 'asc' as const },
  { by, dir: 'desc' as const },
])

const FILTERS: Array<[string, MediaFilter]> = [
  ['none', {}],
  ['media type', { mediaType: ['image'] }],
  ['source types', { sourceType: ['generated', 'processed'] }],
  ['status', { status: [6] }],
  ['codecs', { codec: ['h264', 'vp9'] }],
  ['container', { container: ['mov', 'png'] }],
  ['orientation', { orientation: ['portrait', 'square'] }],
  ['width and height', { minWidth: 700, maxHeight: 1080 }],
  ['duration', { minDuration: 2.5, maxDuration: 5 }],
  ['size', { minSize: 1_000_000, maxSize: 3_000_000 }],
  ['imported days', { importedFrom: '2026-11-21', importedTo: '2026-11-23' }],
  ['tags, any case', { tags: ['sunny', 'DRAFT'] }],
  ['rating', { minRating: 3 }],
  ['audio', { hasAudio: false }],
  ['near-duplicates', { hasNearDuplicates: true }],
  ['no near-duplicates', { hasNearDuplicates: false }],
  ['health', { health: ['missing'] }],
  ['imported by', { importedBy: ['Grace'] }],
  ['review status', { reviewStatus: ['needs-changes', 'none'] }],
  ['collection', { collection: 1 }],
  ['generation', { provider: ['comfyui'], model: ['sdxl'], sampler: ['euler'], steps: [20, 22] }],
  ['loras', { loras: ['neon', 'film-grain'] }],
  ['workflow', { hasWorkflow: true }],
  ['stacks collapsed', { collapseStacks: true }],
]

const QUERIES = [
  'beach',
  'BEACH SUN',
  'ete',
  'été paris',
  'argér',
  'sunny',
  'quartz fal',
  'acme',
  'heron',
  'reel',
  'day1',
  '2026',
  '日本',
  'clip mp4',
  'nothing-here',
]

// Issue 34 point 2: "same pages, same order, same counts, same search hits" on a library and on a hub.
describe('browse on sqlite and postgres', () => {
  it('gives the same pages, in the same order, for every sort of every filter', async () => {
    const { sqlite, postgres } = await browseOnBothEngines(fill)
    for (const sort of SORTS) {
      for (const [, filter] of FILTERS) {
        const request = { limit: 7, sort, filter }
        const expected = await walk(sqlite, request)
        expect({ sort, filter, rows: await walk(postgres, request) }).toEqual({ sort, filter, rows: expected })
      }
    }
    // Not two equal wrongs: what the library gives is what the data says.
    const all = await walk(sqlite, { limit: 100, sort: { by: 'name', dir: 'asc' } })
    expect(all).toHaveLength(60)
    expect(await walk(sqlite, { limit: 100, filter: { collapseStacks: true } })).toHaveLength(58)
    const heads = (await walk(postgres, { limit: 100, filter: { collapseStacks: true } })).filter(([, , size]) => size)
    expect(heads).toEqual([['A000', null, 2]])
    // Issue 59 point 2's filter added by one entry: i % 4 === 3 and not i % 10 === 9 (19, 39, 59).
    expect(await walk(postgres, { limit: 100, filter: { importedBy: ['Grace'] } })).toHaveLength(12)
    expect(await walk(sqlite, { limit: 100, filter: { importedBy: ['Grace', 'Ada'] } })).toHaveLength(54)
    expect(await walk(postgres, { limit: 100, filter: { reviewStatus: ['needs-changes'] } })).toHaveLength(10)
  })

  it('counts the same facets for every filter, with and without words', async () => {
    const { sqlite, postgres } = await browseOnBothEngines(fill)
    for (const [, filter] of FILTERS) {
      for (const query of [undefined, 'beach', 'sunny']) {
        const expected = await mediaFacets({ browse: sqlite }, query, filter)
        expect({ filter, query, facets: await mediaFacets({ browse: postgres }, query, filter) }).toEqual({
          filter,
          query,
          facets: expected,
        })
      }
    }
    const all = await mediaFacets({ browse: postgres })
    expect(all.total).toBe(60)
    expect(all.tags).toEqual([
      { value: 'Sunny', count: 20 },
      { value: 'draft', count: 15 },
    ])
    expect(all.ranges.imported).toEqual({ min: '2026-11-01T10:00:00.000Z', max: '2026-11-24T10:00:09.000Z' })
    // Who imported, counted per name (the rows naming nobody left out), and counted beside its own filter.
    expect(all.importedBy).toEqual([
      { value: 'Ada', count: 42 },
      { value: 'Grace', count: 12 },
    ])
    const grace = await mediaFacets({ browse: postgres }, undefined, { importedBy: ['Grace'] })
    expect(grace.total).toBe(12)
    expect(grace.importedBy).toEqual(all.importedBy)
    // Issue 60 point 2: review statuses counted per status (i % 6: 4 approved, 5 needs changes, the rest none).
    expect(all.reviewStatus).toEqual([
      { value: 'none', count: 40 },
      { value: 'approved', count: 10 },
      { value: 'needs-changes', count: 10 },
    ])
    expect((await mediaFacets({ browse: sqlite }, undefined, { reviewStatus: ['approved'] })).total).toBe(10)
  })

  it('keeps counting the same facets as the rows change, whoever writes them', async () => {
    const { sqlite, postgres, engines } = await browseOnBothEngines(fill)
    const compare = async (step: string) => {
      for (const [, filter] of FACET_FILTERS) {
        for (const query of [undefined, 'beach']) {
          const expected = await mediaFacets({ browse: sqlite }, query, filter)
          expect({ step, filter, query, facets: await mediaFacets({ browse: postgres }, query, filter) }).toEqual({
            step,
            filter,
            query,
            facets: expected,
          })
        }
      }
    }
    // Read before any write: each step tests keeping up, not a first read.
    await compare('before')
    for (const [step, statements] of WRITES) {
      for (const [dialect, sql] of Object.entries(engines)) {
        for (const statement of statements) {
          const text = typeof statement === 'string' ? statement : statement[dialect as keyof typeof statement]
          await (step.includes('elsewhere') ? writeElsewhere(sql, text) : sql.run(text))
        }
      }
      await compare(step)
    }
    // Not two equal wrongs: the writes show (one asset deleted, one added, one untagged and one tagged, 'draft' gone).
    const all = await mediaFacets({ browse: postgres })
    expect(all.total).toBe(60)
    expect((await mediaFacets({ browse: postgres }, 'beach night')).total).toBe(1)
    expect(all.tags).toEqual([{ value: 'Sunny', count: 20 }])
    expect(all.model).toContainEqual({ value: 'flux', count: 1 })
    expect(all.importedBy).toContainEqual({ value: 'Linus', count: 1 })
    expect(all.reviewStatus).toContainEqual({ value: 'approved', count: 11 })
  })

  it('finds the same assets for the same words, with the same reasons, alone and with a filter', async () => {
    const { sqlite, postgres } = await browseOnBothEngines(fill)
    for (const query of QUERIES) {
      for (const [, filter] of [FILTERS[0]!, FILTERS[2]!, FILTERS[11]!]) {
        const request = { limit: 5, query, filter, sort: { by: 'name', dir: 'desc' } as MediaSort }
        const expected = await walk(sqlite, request)
        expect({ query, filter, rows: await walk(postgres, request) }).toEqual({ query, filter, rows: expected })
      }
    }
    const hits = async (query: string) => (await walk(postgres, { limit: 100, query })).map(([, why]) => why)
    expect(await hits('quartz')).toEqual(['subtitles'])
    expect(await hits('acme')).toEqual(['screen'])
    expect(new Set(await hits('heron'))).toEqual(new Set(['prompt']))
    expect((await hits('ete')).length).toBeGreaterThan(0)
    expect(await hits('nothing')).toEqual([])
  })
})

// The filter states compared after each write: each facet the writes touch, as a filter and as counts.
const FACET_FILTERS = FILTERS.filter(([name]) =>
  [
    'none',
    'tags, any case',
    'collection',
    'generation',
    'loras',
    'stacks collapsed',
    'near-duplicates',
    'imported by',
    'review status',
  ].includes(name),
)

// Writes on both engines, step by step: the same statement, or one per engine where their SQL differs.
const WRITES: Array<[string, Array<string | { sqlite: string; postgres: string }>]> = [
  ['a codec and a size', [`UPDATE videos SET codec = 'vp9', size_bytes = 7 WHERE id = 'a001'`]],
  ['untagged', [`DELETE FROM asset_tags WHERE asset_id = 'a001'`]],
  ['tagged, elsewhere', [`INSERT INTO asset_tags (asset_id, tag_id) SELECT 'a002', id FROM tags WHERE name = 'Sunny'`]],
  ['rated and flagged', [`UPDATE videos SET rating = 4, health = 'changed' WHERE id = 'a004'`]],
  ['a stack head deleted', [`DELETE FROM videos WHERE id = 'A000'`]],
  ['a near-duplicate, elsewhere', [`INSERT INTO near_duplicate_assets (asset_id) VALUES ('a005')`]],
  ['generation gone', [`DELETE FROM video_generation WHERE video_id = 'a002'`]],
  [
    'generation added',
    [
      `INSERT INTO video_generation (video_id, provider, model, prompt, generation_params, created_at)
       VALUES ('a008', 'comfyui', 'flux', 'a beach at dawn', '{"sampler": "ddim", "steps": 8, "loras": [{"name": "neon"}]}',
         '2026-11-26')`,
    ],
  ],
  ['left a collection', [`DELETE FROM collection_items WHERE video_id = 'a010'`]],
  [
    'joined a collection, elsewhere',
    [`INSERT INTO collection_items (collection_id, video_id, added_at) VALUES (1, 'a011', '2026-11-26')`],
  ],
  ['a tag deleted', [`DELETE FROM tags WHERE name = 'draft'`]],
  ['imported by another, elsewhere', [`UPDATE videos SET imported_by = 'Linus' WHERE id = 'a019'`]],
  ['approved, elsewhere', [`UPDATE videos SET review_status = 'approved' WHERE id = 'a023'`]],
  ['stacked', [`INSERT INTO stack_members (member_id, head_id, reason) VALUES ('a016', 'a017', 'proxy')`]],
  [
    'resolution, container, import time and duration',
    [
      `UPDATE videos SET resolution = '640x480', metadata = '{"container":"webm"}', duration_seconds = 42,
       imported_at = '2026-01-01T00:00:00.000Z' WHERE id = 'a020'`,
    ],
  ],
  [
    'an asset added',
    [
      `INSERT INTO videos (id, name, file_path, created_at, imported_at)
       VALUES ('n001', 'beach at night.mp4', '/library/media/n001.mp4', '2026-11-26', '2026-11-26T10:00:00.000Z')`,
    ],
  ],
  ['a workflow link', [`INSERT INTO workflow_videos (workflow_id, video_id, node_id) VALUES ('w1', 'a022', '3')`]],
  [
    // A write, then more log entries than the log keeps: the index must notice it missed some and read everything.
    'the log flooded, elsewhere',
    [
      `UPDATE videos SET rating = 5 - rating WHERE id LIKE '%3'`,
      {
        sqlite: `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 70000)
          INSERT INTO facet_changes (video_rowid) SELECT 0 FROM n`,
        postgres: 'INSERT INTO facet_changes (row_id) SELECT 0 FROM generate_series(1, 70000)',
      },
    ],
  ],
]
