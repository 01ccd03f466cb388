import { describe, expect, it } from 'vitest'
import { createCatalog } from '../../../main/db/catalog'
import { ENGINES, freshEngine, insertAssets } from '../../helpers/sql-engines'

const [a, b] = ['a', 'b'].map((digit) => `sha256:${digit.repeat(64)}`) as [string, string]
const [monday, tuesday] = ['2026-11-23T10:00:00.000Z', '2026-11-24T10:00:00.000Z']

// Issue 64 point 2: what was removed, by whom and when, kept the same on a library's SQLite and a hub's PostgreSQL.
describe.each(ENGINES)('removals on %s', (dialect) => {
  const repoWith = async () => {
    const sql = await freshEngine(dialect)
    await insertAssets(sql, ['v1', 'v2', 'v3'])
    // One row as Framevault writes a hash, one as the original media manager's seed does (bare hex), one without.
    await sql.run('UPDATE videos SET file_hash = ? WHERE id = ?', [a, 'v1'])
    await sql.run('UPDATE videos SET file_hash = ? WHERE id = ?', [b.slice('sha256:'.length), 'v2'])
    return { sql, removals: createCatalog(sql).repos.removals }
  }

  it('reads assets’ contents in Framevault’s form, each once, leaving out unknown ids and rows without a hash', async () => {
    const { removals } = await repoWith()
    expect((await removals.contentsOf(['v1', 'v2', 'v3', 'v1', 'nope'])).sort()).toEqual([a, b])
    expect(await removals.contentsOf([])).toEqual([])
  })

  it('records each kind once per content and name in any case, the newest person and time kept', async () => {
    const { removals } = await repoWith()
    await removals.record({ kind: 'asset', hashes: [a, a] }, 'Eddie', monday)
    await removals.record({ kind: 'tag', hashes: [a, b], name: 'Sky' }, 'Eddie', monday)
    await removals.record({ kind: 'tag', hashes: [a], name: 'SKY' }, 'Ada', tuesday)
    await removals.record({ kind: 'member', hashes: [b], name: 'Reel' }, 'Eddie', monday)
    await removals.record({ kind: 'collection', hashes: [a], name: 'Reel' }, 'Ada', tuesday)
    await removals.record({ kind: 'tag', hashes: [], name: 'none' }, 'Ada', tuesday)
    expect(await removals.of([a, b])).toEqual([
      { kind: 'asset', hash: a, name: '', by: 'Eddie', at: monday },
      { kind: 'collection', hash: '', name: 'Reel', by: 'Ada', at: tuesday },
      { kind: 'member', hash: b, name: 'Reel', by: 'Eddie', at: monday },
      { kind: 'tag', hash: a, name: 'Sky', by: 'Ada', at: tuesday },
      { kind: 'tag', hash: b, name: 'Sky', by: 'Eddie', at: monday },
    ])
    // Other contents' removals are not answered; collections' always are.
    expect(await removals.of([b])).toEqual([
      expect.objectContaining({ kind: 'collection', name: 'Reel' }),
      expect.objectContaining({ kind: 'member', hash: b }),
      expect.objectContaining({ kind: 'tag', hash: b }),
    ])
  })

  it('forgets a removal by kind, content and name in any case, and nothing else', async () => {
    const { removals } = await repoWith()
    await removals.record({ kind: 'asset', hashes: [a, b] }, 'Eddie', monday)
    await removals.record({ kind: 'tag', hashes: [a, b], name: 'Sky' }, 'Eddie', monday)
    await removals.record({ kind: 'member', hashes: [a], name: 'Sky' }, 'Eddie', monday)
    await removals.record({ kind: 'collection', hashes: [], name: 'Reel' }, 'Eddie', monday)
    await removals.forget({ kind: 'tag', hashes: [a], name: 'sky' })
    await removals.forget({ kind: 'asset', hashes: [b] })
    await removals.forget({ kind: 'collection', hashes: [], name: 'REEL' })
    await removals.forget({ kind: 'member', hashes: [], name: 'Sky' })
    expect((await removals.of([a, b])).map(({ kind, hash, name }) => [kind, hash, name])).toEqual([
      ['asset', a, ''],
      ['member', a, 'Sky'],
      ['tag', b, 'Sky'],
    ])
  })
})
