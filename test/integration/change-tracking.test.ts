import { describe, expect, it } from 'vitest'
import type { LibraryChanged } from '../../shared/contract'
import { UNTRACKED, writesOf } from '../../main/db/change-tracking'
import { seededLibrary } from '../helpers/assets'

type Seeded = Awaited<ReturnType<typeof seededLibrary>>

/** The changes a library sent, flushed now. */
function changesOf(events: Seeded['events'], lib: Seeded['lib']) {
  lib.changes.flush()
  return events.flatMap((event): LibraryChanged[] => (event.name === 'library:changed' ? [event.payload] : []))
}

describe('the write layer sends library:changed', () => {
  it('names what a statement changed: its table, what its triggers fill, what its deletes cascade to', async () => {
    const { lib, ids, events } = await seededLibrary(3)
    lib.db.prepare('UPDATE videos SET rating = 5 WHERE id = ?').run(ids[0])
    lib.changes.flush()
    lib.db.prepare("INSERT INTO tags (name) VALUES ('sea')").run()
    lib.changes.flush()
    lib.db.prepare('DELETE FROM videos WHERE id = ?').run(ids[1])
    expect(changesOf(events, lib)).toEqual([
      // The seed was change 1; an update of an asset touches its search row, not the rows that hang on it.
      { tables: ['videos', 'videos_fts'], topics: ['assets', 'search-text'], seq: 2 },
      { tables: ['tags'], topics: ['tags'], seq: 3 },
      {
        tables: expect.arrayContaining(['videos', 'videos_fts', 'asset_tags', 'collection_items', 'stack_members']),
        topics: expect.arrayContaining(['assets', 'search-text', 'tags', 'collections', 'stacks']),
        seq: 4,
      },
    ])
  })

  it('stays silent for reads, writes that changed no row and bookkeeping marked untracked', async () => {
    const { lib, ids, events } = await seededLibrary(2)
    lib.db.prepare('SELECT * FROM videos').all()
    lib.db.prepare("UPDATE videos SET rating = 1 WHERE id = 'GONE'").run()
    lib.db.prepare(`${UNTRACKED} UPDATE videos SET thumbs_bytes = 1 WHERE id = ?`).run(ids[0])
    lib.db.prepare("INSERT INTO change_log (tables, at) VALUES ('[]', 'now')").run()
    expect(changesOf(events, lib)).toEqual([])
  })

  it('coalesces the writes of one turn, and holds those of a batch until it ends', async () => {
    const { lib, ids, events } = await seededLibrary(2)
    lib.db.prepare('UPDATE videos SET rating = 2 WHERE id = ?').run(ids[0])
    lib.db.prepare("INSERT INTO tags (name) VALUES ('sky')").run()
    await expect.poll(() => events.length).toBe(1)
    expect(events[0]).toEqual({
      name: 'library:changed',
      payload: { tables: ['videos', 'videos_fts', 'tags'], topics: ['assets', 'search-text', 'tags'], seq: 2 },
    })
    const inBatch = lib.changes.batch(async () => {
      lib.db.prepare('UPDATE videos SET rating = 3 WHERE id = ?').run(ids[0])
      await new Promise((resolve) => setTimeout(resolve, 50))
      lib.changes.flush()
      // Nothing went out yet: the batch still runs.
      expect(events).toHaveLength(1)
      lib.db.prepare("INSERT INTO tags (name) VALUES ('sun')").run()
    })
    await inBatch
    lib.changes.flush()
    expect(changesOf(events, lib)).toEqual([
      { tables: ['videos', 'videos_fts', 'tags'], topics: ['assets', 'search-text', 'tags'], seq: 2 },
      { tables: ['videos', 'videos_fts', 'tags'], topics: ['assets', 'search-text', 'tags'], seq: 3 },
    ])
  })

  it('reads what a statement writes from its SQL', () => {
    expect(writesOf('SELECT * FROM videos WHERE note = "update videos"')).toEqual([])
    expect(writesOf('  -- note\n  INSERT OR IGNORE INTO asset_tags (a) VALUES (1)')).toEqual(['INSERT asset_tags'])
    expect(writesOf('REPLACE INTO main.tags (name) VALUES (?)')).toEqual(['INSERT tags', 'DELETE tags'])
    expect(writesOf('INSERT INTO library_meta (key) VALUES (?) ON CONFLICT (key) DO UPDATE SET value = 1')).toEqual([
      'INSERT library_meta',
      'UPDATE library_meta',
    ])
    expect(writesOf('WITH gone AS (SELECT 1) DELETE FROM "videos" WHERE id IN gone')).toEqual(['DELETE videos'])
  })
})
