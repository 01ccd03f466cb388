import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { ActivityEntry } from '../../shared/contract'
import { openLibrary } from '../../main/app/open-library'
import { librarySource } from '../../main/app/library-session'
import type { Library } from '../../main/services/library-context'
import { addPerson, startToken } from '../../main/services/people/people'
import { peopleAccess } from '../../main/web/host-access'
import { startWebHost, type WebHost } from '../../main/web/web-host'
import { cli } from '../helpers/cli'
import { http } from '../helpers/http'
import { importAndWait } from '../helpers/ingest'
import { tempDir } from '../helpers/temp-dir'

// Issue 60 point 6: the activity log says what each person did in words, one entry an act (a push's many calls
// one), and an asset shows its own history.
const fx = inject('fixtures')
let team: Library
let host: WebHost
let admin: string
let editor: string
let viewer: string

beforeAll(async () => {
  team = openLibrary(tempDir('framevault-team-'))
  admin = (await startToken(team)).token
  editor = (await addPerson(team, { name: 'Eddie', role: 'editor' }, 'admin')).token
  viewer = (await addPerson(team, { name: 'Vera', role: 'viewer' }, 'admin')).token
  host = await startWebHost({
    library: team,
    rendererDir: tempDir(),
    port: 0,
    access: peopleAccess(librarySource(team)),
  })
})
afterAll(async () => {
  await host?.close()
  await team?.close()
})

async function data<T>(token: string, channel: string, input: unknown): Promise<T> {
  const reply = await http(host.port, {
    method: 'POST',
    path: `/api/${channel}`,
    headers: { host: `127.0.0.1:${host.port}`, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  })
  const body = reply.json() as { ok: boolean; data: T; error?: { message: string } }
  if (!body.ok) throw new Error(body.error!.message)
  return body.data
}
const activity = async (input: Record<string, unknown> = {}) =>
  (await data<{ entries: ActivityEntry[] }>(admin, 'people:activity', { limit: 50, ...input })).entries

describe('activity in words on a team library', () => {
  it("records a push's calls as one entry by its person, and an edit as its own, in words", async () => {
    const dir = tempDir()
    const own = openLibrary(dir)
    const { items } = await importAndWait(own, [fx.mp4, fx.png])
    await own.close()
    const hub = ['--hub', `http://127.0.0.1:${host.port}`, '--token', editor]
    const pushed = await cli(['push', '--library', dir, ...hub])
    expect(pushed.code, pushed.stderr).toBe(0)
    const afterPush = await activity()
    expect(afterPush.map((entry) => [entry.person, entry.kind])).toEqual([['Eddie', 'push']])
    // Said once the hub has seen its import of the files end (in the background of the call that started it).
    await expect.poll(async () => (await activity())[0]!.words).toBe('pushed 2 assets (2 new)')

    const clip = items[0]!.asset!.id
    await data(editor, 'media:tag', { ids: [clip], tags: ['hero'] })
    await data(editor, 'media:rename', { id: clip, name: 'take-04' })
    const again = await cli(['push', '--library', dir, ...hub])
    expect(again.code, again.stderr).toBe(0)
    // The second push found nothing to change: it is no entry at all (it used to be about 11).
    const entries = await activity()
    expect(entries.map((entry) => [entry.kind, entry.words])).toEqual([
      ['rename', `renamed “${path.basename(fx.mp4)}” → “take-04”`],
      ['tag', `tagged ${path.basename(fx.mp4)} hero`],
      ['push', 'pushed 2 assets (2 new)'],
    ])
    expect((await activity({ kind: 'tag' })).map((entry) => entry.person)).toEqual(['Eddie'])
  })

  it("shows a viewer an asset's own history, and no one else's words", async () => {
    const { items } = await importAndWait(team, [fx.jpg])
    const still = items[0]!.asset!.id
    await data(editor, 'media:set-rating', { ids: [still], rating: 5 })
    const history = await data<{ entries: Array<Record<string, unknown>> }>(viewer, 'media:history', { id: still })
    expect(history.entries).toEqual([
      {
        id: expect.any(Number),
        at: expect.any(String),
        person: 'Eddie',
        kind: 'rating',
        words: `rated ${path.basename(fx.jpg)} ★★★★★`,
      },
    ])
    await expect(data(viewer, 'people:activity', {})).rejects.toThrow(/admin/i)
    await expect(data(viewer, 'media:history', { id: 'nothere' })).rejects.toThrow('No asset with id nothere.')
  })
})
