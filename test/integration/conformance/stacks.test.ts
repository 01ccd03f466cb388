import { describe, expect, it } from 'vitest'
import { MAX_STACK_MEMBERS } from '../../../shared/contract'
import { createCatalog } from '../../../main/db/catalog'
import { createStacksRepo } from '../../../main/db/repos/stacks'
import type { SqlEngine, SqlValue } from '../../../main/db/sql/sql-engine'
import { putStacks, stackOf } from '../../../main/services/stacks/stacks'
import {
  ENGINES,
  freshEngine,
  freshLanguageOrderedPostgres,
  insertAssets,
  meetingOfTwo,
} from '../../helpers/sql-engines'

const at = '2026-11-25T10:00:00.000Z'

interface AssetFields {
  name?: string
  mediaType?: 'video' | 'image' | 'audio'
  originalPath?: string | null
  importedAt?: string
}

// Issue 34: stacks (which assets stand under which head's card, and the paths sidecars are paired by), the same on a
// library's SQLite and a hub's PostgreSQL.
describe.each(ENGINES)('stacks on %s', (dialect) => {
  const fresh = async (ids: readonly string[] = []) => {
    const sql = await freshEngine(dialect)
    await insertAssets(sql, ids)
    return { sql, catalog: createCatalog(sql) }
  }
  /**
   * A fresh catalogue that, on PostgreSQL, is in a database whose collation is a language's (ICU's en-US), as a hub's
   * is when its server was made with such a locale: what the repository orders and compares must still be in
   * code-point order, as a library's BINARY text is.
   */
  const freshLanguageOrdered = async () => {
    const sql = dialect === 'postgres' ? await freshLanguageOrderedPostgres() : await freshEngine(dialect)
    return { sql, catalog: createCatalog(sql) }
  }
  const insertAsset = (sql: SqlEngine, id: string, fields: AssetFields = {}) =>
    sql.run(
      `INSERT INTO videos (id, name, file_path, created_at, media_type, original_path, imported_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        fields.name ?? `${id}.mp4`,
        `/library/media/${id}`,
        at,
        fields.mediaType ?? 'video',
        fields.originalPath ?? null,
        fields.importedAt ?? at,
      ] satisfies SqlValue[],
    )
  /** Every membership as [member, head, reason], sorted. */
  const rows = async (sql: SqlEngine) =>
    (
      await sql.all<{ member_id: string; head_id: string; reason: string }>(
        'SELECT member_id, head_id, reason FROM stack_members',
      )
    )
      .map((row) => [row.member_id, row.head_id, row.reason])
      .sort((a, b) => (a.join() < b.join() ? -1 : 1))

  it('puts a member under a head, and one added under a member under that member’s head', async () => {
    const { sql, catalog } = await fresh(['head', 'png', 'proxy', 'converted'])
    const { stacks } = catalog.repos
    expect(await stacks.add('png', 'head', 'sidecar')).toBe(true)
    expect(await stacks.add('proxy', 'head', 'proxy')).toBe(true)
    // A processed version of the proxy (a member) joins the proxy's head: stacks are flat.
    expect(await stacks.add('converted', 'proxy', 'processed')).toBe(true)
    expect(await rows(sql)).toEqual([
      ['converted', 'head', 'processed'],
      ['png', 'head', 'sidecar'],
      ['proxy', 'head', 'proxy'],
    ])
  })

  it('pages every membership in code-point order of member, as a push reads them; the service puts them by id', async () => {
    const { sql, catalog } = await freshLanguageOrdered()
    await insertAssets(sql, ['head', 'Zed', 'alpha', 'éclair', 'other'])
    const lib = { catalog }
    expect(
      await putStacks(lib, {
        stacks: [
          { memberId: 'alpha', headId: 'head', reason: 'sidecar' },
          { memberId: 'Zed', headId: 'alpha', reason: 'processed' },
          { memberId: 'éclair', headId: 'head', reason: 'proxy' },
          // In a stack already: it stays under its head.
          { memberId: 'alpha', headId: 'other', reason: 'processed' },
        ],
      }),
    ).toEqual({ added: 3, present: 1 })
    const page = (after: string) => catalog.repos.stacks.membershipsAfter(after, 2)
    expect(await page('')).toEqual([
      { memberId: 'Zed', headId: 'head', reason: 'processed' },
      { memberId: 'alpha', headId: 'head', reason: 'sidecar' },
    ])
    expect(await page('alpha')).toEqual([{ memberId: 'éclair', headId: 'head', reason: 'proxy' }])
    await expect(putStacks(lib, { stacks: [{ memberId: 'other', headId: 'nope', reason: 'proxy' }] })).rejects.toThrow(
      'No asset nope.',
    )
  })

  it('brings a head’s members along when it joins another stack, so stacks stay flat', async () => {
    const { sql, catalog } = await fresh(['a', 'a1', 'a2', 'b', 'b1'])
    const { stacks } = catalog.repos
    await stacks.add('a1', 'a', 'proxy')
    await stacks.add('a2', 'a', 'processed')
    await stacks.add('b1', 'b', 'sidecar')
    expect(await stacks.add('a', 'b1', 'processed')).toBe(true)
    expect(await rows(sql)).toEqual([
      ['a', 'b', 'processed'],
      ['a1', 'b', 'proxy'],
      ['a2', 'b', 'processed'],
      ['b1', 'b', 'sidecar'],
    ])
    expect(await stacks.sizes(['a', 'b'])).toEqual(new Map([['b', 4]]))
  })

  it('refuses an asset already in a stack, and one that would head its own (directly or through a member)', async () => {
    const { sql, catalog } = await fresh(['h', 'm', 'other'])
    const { stacks } = catalog.repos
    await stacks.add('m', 'h', 'proxy')
    expect(await stacks.add('m', 'other', 'sidecar')).toBe(false)
    expect(await stacks.add('h', 'h', 'processed')).toBe(false)
    // Under its own member: the member's head is itself.
    expect(await stacks.add('h', 'm', 'processed')).toBe(false)
    // A member asked to head itself: it is in a stack already.
    expect(await stacks.add('m', 'm', 'processed')).toBe(false)
    expect(await rows(sql)).toEqual([['m', 'h', 'proxy']])
  })

  it('keeps stacks flat when an asset joins a head while that head joins another stack', async () => {
    const { sql } = await fresh(['x', 'h', 'k'])
    // Both adds read their head before either writes (on SQLite they take turns), each in a transaction of its own.
    const meet = meetingOfTwo()
    const stacks = createStacksRepo(meetingAfterHeadRead(sql, meet))
    expect(await Promise.all([stacks.add('x', 'h', 'sidecar'), stacks.add('h', 'k', 'processed')])).toEqual([
      true,
      true,
    ])
    expect(await rows(sql)).toEqual([
      ['h', 'k', 'processed'],
      ['x', 'k', 'sidecar'],
    ])
  })

  it('counts the members of each head asked about, leaving out the assets heading none', async () => {
    const { catalog } = await fresh(['h1', 'h2', 'h3', 'm1', 'm2', 'm3', 'm4', 'alone'])
    const { stacks } = catalog.repos
    await stacks.add('m1', 'h1', 'proxy')
    await stacks.add('m2', 'h1', 'sidecar')
    await stacks.add('m3', 'h2', 'processed')
    await stacks.add('m4', 'h3', 'processed')
    expect(await stacks.sizes([])).toEqual(new Map())
    expect(await stacks.sizes(['h1', 'h2', 'alone', 'm1', 'nope'])).toEqual(
      new Map([
        ['h1', 2],
        ['h2', 1],
      ]),
    )
  })

  it('lists a head’s members by reason, name in any case and id in code-point order, and counts them', async () => {
    const { sql, catalog } = await freshLanguageOrdered()
    await insertAsset(sql, 'head', { name: 'Take 1.mp4' })
    const members: Array<[string, string, 'sidecar' | 'proxy' | 'processed']> = [
      ['m-png', 'Take 1.png', 'sidecar'],
      ['m-a', 'beta.mp4', 'processed'],
      ['m-B', 'beta.mp4', 'processed'],
      ['m-c', 'Alpha.mp4', 'processed'],
      ['m-d', 'Ölbild.mp4', 'processed'],
      ['m-e', 'zeta.mp4', 'processed'],
      ['m-f', 'small.mp4', 'proxy'],
    ]
    for (const [id, name] of members) await insertAsset(sql, id, { name })
    for (const [id, , reason] of members) expect(await catalog.repos.stacks.add(id, 'head', reason)).toBe(true)
    const listed = (result: Awaited<ReturnType<typeof catalog.repos.stacks.members>>) =>
      result.members.map(({ asset, reason }) => [reason, asset.name, asset.id])
    const all = await catalog.repos.stacks.members('head', 10)
    expect(listed(all)).toEqual([
      ['processed', 'Alpha.mp4', 'm-c'],
      // One name: by id, 'B' before 'a' as code points order them.
      ['processed', 'beta.mp4', 'm-B'],
      ['processed', 'beta.mp4', 'm-a'],
      ['processed', 'zeta.mp4', 'm-e'],
      // Letters beyond ASCII after every ASCII one, in any case (lower() folds ASCII alone).
      ['processed', 'Ölbild.mp4', 'm-d'],
      ['proxy', 'small.mp4', 'm-f'],
      ['sidecar', 'Take 1.png', 'm-png'],
    ])
    expect(all.count).toBe(7)
    // Each member as a list item: what its small card shows, no whole record.
    expect(all.members[0]!.asset).toMatchObject({ id: 'm-c', mediaType: 'video', importedAt: at, rating: 0 })
    expect(all.members[0]!.asset).not.toHaveProperty('metadata')
    const firstTwo = await catalog.repos.stacks.members('head', 2)
    expect(listed(firstTwo)).toEqual(listed(all).slice(0, 2))
    expect(firstTwo.count).toBe(7)
    expect(await catalog.repos.stacks.members('m-a', 10)).toEqual({ members: [], count: 0 })
    // The service reads the head, the members and their count in one snapshot.
    expect(await stackOf({ catalog }, 'm-a')).toEqual({
      head: { id: 'head', name: 'Take 1.mp4', reason: 'processed' },
      members: [],
      count: 0,
    })
    const ofHead = await stackOf({ catalog }, 'head')
    expect(ofHead.head).toBeNull()
    expect(ofHead.count).toBe(7)
    expect(ofHead.members).toHaveLength(Math.min(7, MAX_STACK_MEMBERS))
    await expect(stackOf({ catalog }, 'nope')).rejects.toThrow('No asset nope.')
  })

  it('names a member’s head only while the head is in the library', async () => {
    const { sql, catalog } = await fresh()
    await insertAsset(sql, 'head', { name: 'Clip.mp4' })
    await insertAsset(sql, 'png', { name: 'Clip.png', mediaType: 'image' })
    const { stacks } = catalog.repos
    await stacks.add('png', 'head', 'sidecar')
    expect(await stacks.shownHead('png')).toEqual({ id: 'head', name: 'Clip.mp4', reason: 'sidecar' })
    expect(await stacks.shownHead('head')).toBeNull()
    // The head leaves (as to the trash): its members' rows stay, and show as cards of their own.
    await sql.run('DELETE FROM videos WHERE id = ?', ['head'])
    expect(await stacks.shownHead('png')).toBeNull()
    expect(await stacks.sizes(['head'])).toEqual(new Map([['head', 1]]))
    await insertAsset(sql, 'head', { name: 'Clip (restored).mp4' })
    expect(await stacks.shownHead('png')).toEqual({ id: 'head', name: 'Clip (restored).mp4', reason: 'sidecar' })
    // A member that leaves takes its row with it.
    await sql.run('DELETE FROM videos WHERE id = ?', ['png'])
    expect(await stacks.shownHead('png')).toBeNull()
    expect(await stacks.sizes(['head'])).toEqual(new Map())
  })

  it('finds the image imported from a path: an image, the first imported, by that exact path', async () => {
    const { sql, catalog } = await freshLanguageOrdered()
    const dir = '/renders/Übersicht 🎬'
    await insertAsset(sql, 'clip', { mediaType: 'video', originalPath: `${dir}/take.png` })
    await insertAsset(sql, 'i-late', { mediaType: 'image', originalPath: `${dir}/take.png`, importedAt: '2026-11-26' })
    // Imported at one time: by id, 'B' before 'a' as code points order them.
    await insertAsset(sql, 'i-a', { mediaType: 'image', originalPath: `${dir}/take.png`, importedAt: '2026-11-25' })
    await insertAsset(sql, 'i-B', { mediaType: 'image', originalPath: `${dir}/take.png`, importedAt: '2026-11-25' })
    await insertAsset(sql, 'other', { mediaType: 'image', originalPath: `${dir}/TAKE.png` })
    const { stacks } = catalog.repos
    expect(await stacks.imageFrom(`${dir}/take.png`)).toBe('i-B')
    expect(await stacks.imageFrom(`${dir}/TAKE.png`)).toBe('other')
    expect(await stacks.imageFrom(`${dir}/take.PNG`)).toBeNull()
    expect(await stacks.imageFrom('/renders/Ubersicht 🎬/take.png')).toBeNull()
    await sql.run(`UPDATE videos SET media_type = 'video' WHERE id = 'other'`)
    expect(await stacks.imageFrom(`${dir}/TAKE.png`)).toBeNull()
  })

  it('finds the videos imported from a path that starts with a prefix, in code-point order of path', async () => {
    const { sql, catalog } = await freshLanguageOrdered()
    const dir = '/renders/Übersicht 🎬'
    const prefix = `${dir}/take.`
    const paths: Record<string, string> = {
      mp4: `${dir}/take.mp4`,
      upper: `${dir}/take.B.mp4`,
      lower: `${dir}/take.a.mp4`,
      accented: `${dir}/take.é.mp4`,
      emoji: `${dir}/take.🎞.mp4`,
      // Just outside: before the prefix ('-' and 'T' order before '.' and 't'), after it ('/'), and the bound itself.
      audio: `${dir}/take-audio.mp4`,
      shouted: `${dir}/TAKE.mp4`,
      folder: `${dir}/take/clip.mp4`,
      sibling: `/renders/Ubersicht 🎬/take.mp4`,
      exact: `${dir}/take`,
    }
    for (const [id, originalPath] of Object.entries(paths)) await insertAsset(sql, id, { originalPath })
    await insertAsset(sql, 'png', { mediaType: 'image', originalPath: `${dir}/take.png` })
    await insertAsset(sql, 'nowhere', { originalPath: null })
    const found = await catalog.repos.stacks.videosFrom(prefix)
    expect(found).toEqual(['upper', 'lower', 'mp4', 'accented', 'emoji'].map((id) => ({ id, originalPath: paths[id] })))
    expect(await catalog.repos.stacks.videosFrom(`${dir}/take-audio.`)).toEqual([
      { id: 'audio', originalPath: paths.audio },
    ])
    expect(await catalog.repos.stacks.videosFrom(`${dir}/none.`)).toEqual([])
  })
})

/** `sql`, each of whose transactions meets another (see meetingOfTwo) after it reads the head of a stack. */
function meetingAfterHeadRead(sql: SqlEngine, meet: () => Promise<void>): SqlEngine {
  return {
    dialect: sql.dialect,
    all: (statement, params) => sql.all(statement, params),
    run: (statement, params) => sql.run(statement, params),
    async get<Row>(statement: string, params?: readonly SqlValue[]) {
      const row = await sql.get<Row>(statement, params)
      if (statement.startsWith('SELECT head_id FROM stack_members')) await meet()
      return row
    },
    transaction: (work, options) => sql.transaction((tx) => work(meetingAfterHeadRead(tx, meet)), options),
  }
}
