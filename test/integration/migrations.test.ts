import { readFileSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../shared/errors'
import type { Migration } from '../../main/db/migration'
import { migrations as shipped } from '../../main/db/migrations/index'
import { openDatabase } from '../../main/db/open-database'
import { tempDir } from '../helpers/temp-dir'

/** The schema version the shipped migrations lead to; test migrations come after it. */
const LATEST = shipped.at(-1)?.version ?? 0
const NEXT = LATEST + 10

const addNotes: Migration = {
  version: NEXT,
  name: 'notes',
  up: (db) => db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT'),
}
const broken: Migration = {
  version: NEXT,
  name: 'broken',
  up: (db) => {
    db.exec('CREATE TABLE half_done (id INTEGER PRIMARY KEY)')
    throw new Error('boom in the middle of a migration')
  },
}

function tables(file: string): string[] {
  const db = new Database(file, { readonly: true })
  try {
    return db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => r.name)
  } finally {
    db.close()
  }
}

function userVersion(file: string): number {
  const db = new Database(file, { readonly: true })
  try {
    return db.pragma('user_version', { simple: true }) as number
  } finally {
    db.close()
  }
}

/** A database file as a newer Framevault would leave it: a higher user_version and a table we do not know. */
function writeNewerDatabase(file: string, journalMode: 'wal' | 'delete'): void {
  const db = new Database(file)
  db.pragma(`journal_mode = ${journalMode}`)
  db.exec("CREATE TABLE from_the_future (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO from_the_future (v) VALUES ('x')")
  db.pragma('user_version = 990')
  db.close()
}

// Migration 0060 adds tags and the full-text index (FTS5 keeps its data in videos_fts_* tables); 0160 the
// plugins' analysis and processing caches; 0170 the jobs (0210 folds import_jobs into it); 0200 the workflow tables;
// 0220 the batches' per-asset outcomes; 0240 the near-duplicates' frame hashes and dismissed pairs; 0250 the assets
// that have near-duplicates; 0260 the workflows' versions and exact definitions; 0280 the watch folders; 0290 the saved searches;
// 0310 the stacks' members; 0320 the pipelines' timelines, frames, checkpoints, stage outputs and runs; 0340 where
// brought analyses came from; 0360 the words read on screen; 0450 the people of a team library and their tokens; 0460 what each of them changed; 0500 the version of each
// field people edit; 0510 why a token stopped signing in; 0540 what was removed, by whom and when; 0560 where a
// push sent each collection; 0590 the topics the change triggers noted until the writing process logs them; 0620
// comments and their mentions; 0630 review statuses; 0650 collection shares; 0700 the assets of each activity entry;
// 0710 review links; 0750 each person's inbox.
const shippedTables = [
  'access_ends',
  'access_tokens',
  'activity',
  'activity_assets',
  'analysis_jobs',
  'analysis_sources',
  'asset_reviews',
  'asset_screen_text',
  'asset_tags',
  'batch_items',
  'change_log',
  'change_pending',
  'checkpoint_outputs',
  'checkpoints',
  'collection_items',
  'collection_shares',
  'collections',
  'comment_mentions',
  'comments',
  'edit_versions',
  'facet_changes',
  'file_hash_cache',
  'frame_hashes',
  'import_items',
  'inbox_entries',
  'jobs',
  'library_meta',
  'near_duplicate_assets',
  'people',
  'pipeline_runs',
  'processing_jobs',
  'pushed_collections',
  'removals',
  'review_links',
  'saved_searches',
  'similar_dismissed',
  'sqlite_sequence',
  'stack_members',
  'stage_outputs',
  'subtitle_tracks',
  'tags',
  'timeline_frames',
  'timelines',
  'trash_batches',
  'trash_entries',
  'video_generation',
  'videos',
  'videos_fts',
  'videos_fts_config',
  'videos_fts_content',
  'videos_fts_data',
  'videos_fts_docsize',
  'videos_fts_idx',
  'videos_fts_keys',
  'watch_events',
  'watch_files',
  'watch_folders',
  'workflow_definitions',
  'workflow_executions',
  'workflow_versions',
  'workflow_videos',
  'workflows',
]

describe('migration runner on a real file', () => {
  it('creates a fresh database at the latest version with the pragmas the design asks for', () => {
    const file = path.join(tempDir(), 'library.db')
    const { db, migration } = openDatabase(file, shipped)
    try {
      expect(migration).toEqual({ from: 0, to: LATEST, applied: shipped.map((m) => `${m.version}-${m.name}`) })
      expect(migration.applied[0]).toBe('10-library-meta')
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(db.pragma('synchronous', { simple: true })).toBe(1) // NORMAL
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
      const keys = db.prepare<[], { key: string }>('SELECT key FROM library_meta ORDER BY key').all()
      expect(keys.map((k) => k.key)).toEqual(['created_at', 'library_id', 'name'])
    } finally {
      db.close()
    }
    expect(userVersion(file)).toBe(LATEST)
  })

  it('upgrades an older database, keeping its rows, and applies nothing the second time', () => {
    const file = path.join(tempDir(), 'library.db')
    const first = openDatabase(file, shipped)
    const id = first.db.prepare("SELECT value FROM library_meta WHERE key = 'library_id'").pluck().get()
    first.db.close()

    const second = openDatabase(file, [...shipped, addNotes])
    expect(second.migration).toEqual({ from: LATEST, to: NEXT, applied: [`${NEXT}-notes`] })
    expect(second.db.prepare("SELECT value FROM library_meta WHERE key = 'library_id'").pluck().get()).toBe(id)
    second.db.close()

    const third = openDatabase(file, [...shipped, addNotes])
    expect(third.migration).toEqual({ from: NEXT, to: NEXT, applied: [] })
    third.db.close()
    expect(tables(file)).toEqual([...shippedTables, 'notes'].sort())
  })

  it('rolls a failing migration back completely: no half table, version unchanged', () => {
    const file = path.join(tempDir(), 'library.db')
    openDatabase(file, shipped).db.close()
    expect(() => openDatabase(file, [...shipped, broken])).toThrow('boom in the middle of a migration')
    expect(tables(file)).toEqual(shippedTables)
    expect(userVersion(file)).toBe(LATEST)
  })

  it.each(['delete', 'wal'] as const)(
    'refuses a database from a newer version (%s journal) and leaves the file byte-identical',
    (journalMode) => {
      const dir = tempDir()
      const file = path.join(dir, 'library.db')
      writeNewerDatabase(file, journalMode)
      const before = readFileSync(file)

      let caught: unknown
      try {
        openDatabase(file, shipped)
      } catch (error) {
        caught = error
      }
      expect(caught).toBeInstanceOf(AppError)
      expect((caught as AppError).code).toBe('conflict')
      expect((caught as AppError).message).toMatch(/schema version 990.*versions up to \d+.*not changed/s)
      expect((caught as AppError).details).toEqual({ file, found: 990, supported: LATEST })
      expect(readFileSync(file).equals(before)).toBe(true)
      expect(userVersion(file)).toBe(990)
    },
  )

  it('rejects a migration list that is out of order or off the multiples of ten', () => {
    const file = path.join(tempDir(), 'library.db')
    const odd: Migration = { ...addNotes, version: LATEST + 5 }
    expect(() => openDatabase(file, [...shipped, odd])).toThrow(new RegExp(`${LATEST + 5}-notes is out of order`))
    expect(() => openDatabase(file, [addNotes, ...shipped])).toThrow(/out of order/)
  })

  it('notes a library hashed before 0250 stale, so its first open fills the assets with near-duplicates', () => {
    const before250 = shipped.filter((m) => m.version < 250)
    const staleNote = (file: string) => {
      const { db } = openDatabase(file, shipped)
      try {
        return db.prepare("SELECT value FROM library_meta WHERE key = 'near_duplicates_stale'").pluck().get()
      } finally {
        db.close()
      }
    }
    const hashed = path.join(tempDir(), 'library.db')
    const old = openDatabase(hashed, before250).db
    old.prepare("INSERT INTO frame_hashes VALUES ('sha256:00', 'sha256:11', 1, x'00', NULL, NULL, '2026-01-01')").run()
    old.close()
    expect(staleNote(hashed)).toBe('1')
    const unhashed = path.join(tempDir(), 'library.db')
    openDatabase(unhashed, before250).db.close()
    expect(staleNote(unhashed)).toBeUndefined()
  })

  it('ships migrations whose versions are multiples of ten in increasing order', () => {
    const versions = shipped.map((m) => m.version)
    expect(versions.every((v) => v % 10 === 0)).toBe(true)
    expect([...versions].sort((a, b) => a - b)).toEqual(versions)
  })
})
