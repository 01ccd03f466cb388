import { describe, expect, it } from 'vitest'
import type { NewSubtitleTrack } from '../../../shared/contract'
import { createCatalog } from '../../../main/db/catalog'
import { ENGINES, freshEngine, insertAssets } from '../../helpers/sql-engines'

const track = (changes: Partial<NewSubtitleTrack>): NewSubtitleTrack => ({
  source: 'stream',
  streamIndex: 2,
  fileName: null,
  codec: 'subrip',
  language: 'eng',
  title: null,
  cues: [],
  problem: null,
  ...changes,
})

// Issue 34 point 2: the texts read from assets (subtitles, words on screen), the same on SQLite and PostgreSQL.
describe.each(ENGINES)('subtitles and screen text on %s', (dialect) => {
  const fresh = async () => {
    const sql = await freshEngine(dialect)
    await insertAssets(sql, ['v1', 'v2'])
    return { sql, catalog: createCatalog(sql) }
  }

  it('replaces an asset’s tracks in order and reads their cues back as given', async () => {
    const { catalog } = await fresh()
    const { subtitles } = catalog.repos
    expect(await subtitles.list('v1')).toEqual([])
    const english = track({ cues: [{ start: 0.5, end: 2.25, text: 'Hello,\nworld — “ü”' }] })
    const sidecar = track({
      source: 'sidecar',
      streamIndex: null,
      fileName: 'clip.fr.srt',
      language: 'fr',
      cues: [
        { start: 1, end: 2, text: 'Bonjour' },
        { start: 3, end: 4, text: 'NUL \u0000 kept' },
      ],
    })
    const pictures = track({ codec: 'hdmv_pgs_subtitle', problem: 'Drawn as pictures: no text to read.' })
    await subtitles.replace('v1', [english, sidecar, pictures], '2026-11-26T10:00:00.000Z')
    await subtitles.replace('v2', [english], '2026-11-26T10:00:00.000Z')
    const listed = await subtitles.list('v1')
    expect(listed).toEqual([english, sidecar, pictures].map((given) => ({ ...given, id: expect.any(Number) })))
    expect(new Set(listed.map((row) => row.id)).size).toBe(3)

    await subtitles.replace('v1', [sidecar], '2026-11-26T11:00:00.000Z')
    expect(await subtitles.list('v1')).toEqual([{ ...sidecar, id: expect.any(Number) }])
    expect(await subtitles.list('v2')).toHaveLength(1)
  })

  it('keeps one row of words on screen per asset, the last put winning, with first-seen times', async () => {
    const { sql, catalog } = await fresh()
    const { screenText } = catalog.repos
    expect(await screenText.get('v1')).toBeUndefined()
    await screenText.put('v1', { words: 'ACME sale', firstSeen: { ACME: 3.5, sale: 4 } }, '2026-11-26T10:00:00.000Z')
    await screenText.put('v1', { words: 'ACME open', firstSeen: { ACME: 1, open: 2 } }, '2026-11-26T11:00:00.000Z')
    expect(await screenText.get('v1')).toEqual({ words: 'ACME open', firstSeen: { ACME: 1, open: 2 } })
    // Rows from before first-seen times were kept read as none.
    await sql.run('UPDATE asset_screen_text SET first_seen = NULL')
    expect(await screenText.get('v1')).toEqual({ words: 'ACME open', firstSeen: {} })
    expect(await sql.all('SELECT video_id AS id, updated_at AS at FROM asset_screen_text')).toEqual([
      { id: 'v1', at: '2026-11-26T11:00:00.000Z' },
    ])
  })

  it('goes with its asset', async () => {
    const { sql, catalog } = await fresh()
    await catalog.repos.subtitles.replace('v1', [track({})], '2026-11-26T10:00:00.000Z')
    await catalog.repos.screenText.put('v1', { words: 'x', firstSeen: {} }, '2026-11-26T10:00:00.000Z')
    await sql.run('DELETE FROM videos WHERE id = ?', ['v1'])
    expect(await catalog.repos.subtitles.list('v1')).toEqual([])
    expect(await catalog.repos.screenText.get('v1')).toBeUndefined()
  })
})
