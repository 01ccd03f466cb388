import os from 'node:os'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { Collection, MediaAsset, Provenance, Removals } from '../../shared/contract'
import type { Library } from '../../main/services/library-context'
import { openLibrary } from '../../main/app/open-library'
import { remoteBackend } from '../../main/cli/remote-backend'
import { pushLibrary, type PushPlan, type PushReport } from '../../main/services/push/push-library'
import { call } from '../helpers/browse'
import { cli } from '../helpers/cli'
import { importAndWait } from '../helpers/ingest'
import { useServedHubs } from '../helpers/served-hub'
import { tempDir } from '../helpers/temp-dir'

// Issue 64 point 2: a push never undoes the hub, says what it skips and why, and can say it all before it sends.
const fixtures = inject('fixtures')
const { servedHub, closing } = useServedHubs()
const HOST = os.hostname()

/** A library of three files: the clip and the still tagged Harbour, the clip and the web clip in Pier cut, the still in Stills. */
async function library(): Promise<{ dir: string; clip: string; still: string; web: string }> {
  const dir = tempDir()
  const lib = openLibrary(dir)
  try {
    const { items } = await importAndWait(lib, [fixtures.mp4, fixtures.png, fixtures.webm])
    const [clip, still, web] = items.map((item) => item.asset!.id) as [string, string, string]
    await call(lib, 'media:tag', { ids: [clip, still], tags: ['Harbour'] })
    const made = async (name: string, ids: string[]) => {
      const { collection } = await call<{ collection: Collection }>(lib, 'collections:create', { name })
      await call(lib, 'collections:add', { collectionId: collection.id, ids })
    }
    await made('Pier cut', [clip, web])
    await made('Stills', [still])
    return { dir, clip, still, web }
  } finally {
    await lib.close()
  }
}

const collectionsOf = async (hub: Library) =>
  (await call<{ collections: Collection[] }>(hub, 'collections:list', {})).collections.map((one) => [
    one.name,
    one.count,
  ])
const tagsOf = async (hub: Library, id: string) => (await call<{ tags: string[] }>(hub, 'media:get', { id })).tags
const byKind = <T extends { kind: string }>(skips: T[]) => [...skips].sort((a, b) => a.kind.localeCompare(b.kind))
const byOn = ({ by, at }: { by: string; at: string }) => `on the hub by ${by} on ${at.slice(0, 10)}: not sent`

describe('framevault push and what the hub removed', () => {
  it('skips what was deleted, untagged or taken out on the hub, says who and when; --dry-run says it first', async () => {
    const { dir, clip, still, web } = await library()
    const { hub, args } = await servedHub()
    const first = await cli(['push', '--library', dir, ...args])
    expect(first.code).toBe(0)
    expect(await collectionsOf(hub)).toEqual([
      ['Pier cut', 2],
      ['Stills', 1],
    ])
    // Pushed assets keep where and when they were first imported, and on which machine.
    const here = openLibrary(dir)
    closing.push(() => here.close())
    for (const id of [clip, still, web]) {
      const local = await call<Provenance>(here, 'media:provenance', { id })
      expect(await call<Provenance>(hub, 'media:provenance', { id })).toMatchObject({
        importedAt: local.importedAt,
        originalPath: local.originalPath,
        originalMachine: HOST,
      })
    }

    // A teammate's curation on the hub: the still untagged, the clip taken out of Pier cut, the web clip deleted,
    // Stills deleted.
    await call(hub, 'media:untag', { ids: [still], tags: ['Harbour'] })
    const pier = (await call<{ collections: Collection[] }>(hub, 'collections:list', {})).collections
    await call(hub, 'collections:remove', { collectionId: pier[0]!.id, ids: [clip] })
    const deleted = await call<{ batchId: string }>(hub, 'media:delete', { ids: [web] })
    await call(hub, 'collections:delete', { id: pier[1]!.id })
    const removed = await call<Removals>(hub, 'media:removed', {
      hashes: await Promise.all(
        [clip, still, web].map(async (id) => (await here.catalog.repos.media.get(id))!.fileHash!),
      ),
    })
    const [clipName, stillName, webName] = [fixtures.mp4, fixtures.png, fixtures.webm].map((file) =>
      path.basename(file),
    )
    const skipped = [
      { kind: 'asset', name: webName!, reason: `deleted ${byOn(removed.assets[0]!)}` },
      { kind: 'tag', name: stillName!, reason: `tag "Harbour" taken off ${byOn(removed.tags[0]!)}` },
      { kind: 'member', name: clipName!, reason: `taken out of "Pier cut" ${byOn(removed.members[0]!)}` },
      { kind: 'collection', name: 'Stills', reason: `collection "Stills" deleted ${byOn(removed.collections[0]!)}` },
    ]
    const hubBefore = await collectionsOf(hub)

    const dry = await cli(['push', '--library', dir, ...args, '--dry-run'])
    expect(dry.code).toBe(0)
    const plan = JSON.parse(dry.stdout) as PushPlan
    expect({ ...plan, skipped: byKind(plan.skipped) }).toEqual({
      assets: 3,
      send: [],
      alreadyThere: 2,
      failed: [],
      skipped: byKind(skipped),
      renamed: [],
      tags: [],
      collections: [],
    })
    expect(dry.stderr).toMatch(/^Would push 3 asset\(s\): 0 to send, 2 on the hub already/m)
    expect(dry.stderr).toContain(`Skipped ${webName}: deleted ${byOn(removed.assets[0]!)}`)
    expect(await collectionsOf(hub)).toEqual(hubBefore)

    const again = await cli(['push', '--library', dir, ...args])
    expect(again.code).toBe(0)
    const report = JSON.parse(again.stdout) as PushReport
    expect({ ...report, skipped: byKind(report.skipped) }).toMatchObject({
      assets: 3,
      sent: 0,
      alreadyThere: 2,
      failed: [],
      skipped: byKind(skipped),
    })
    expect(report.details).toMatchObject({ tags: 0, collections: { created: 0, added: 0, renamed: [] } })
    expect(again.stderr).toContain(`Skipped Stills: collection "Stills" deleted ${byOn(removed.collections[0]!)}`)
    expect(again.stderr).toMatch(/ 4 item\(s\) skipped as removed on the hub/)
    expect(await tagsOf(hub, still)).toEqual([])
    expect(await collectionsOf(hub)).toEqual([['Pier cut', 0]])
    expect(await call<{ assets: unknown[] }>(hub, 'media:held', { hashes: [removed.assets[0]!.hash] })).toEqual({
      assets: [],
    })
    // The trash's Undo on the hub still puts the deleted clip back: nothing took its place.
    await call(hub, 'trash:undo', { batchId: deleted.batchId })
    expect((await call<{ items: MediaAsset[] }>(hub, 'media:list', { limit: 10 })).items).toHaveLength(3)
  })

  it('sends the collections chosen; one of a name the hub has goes up under its own, and a push again adds to it', async () => {
    const { dir, clip, still } = await library()
    const { hub, args } = await servedHub()
    await call(hub, 'collections:create', { name: 'pier CUT' })

    const none = await cli(['push', '--library', dir, ...args, '--collections', 'none'])
    expect(none.code).toBe(0)
    expect((JSON.parse(none.stdout) as PushReport).details.collections).toEqual({ created: 0, added: 0, renamed: [] })
    expect(await collectionsOf(hub)).toEqual([['pier CUT', 0]])

    const mine = `Pier cut (from ${HOST})`
    const chosen = await cli(['push', '--library', dir, ...args, '--collections', 'Pier cut'])
    expect(chosen.code).toBe(0)
    expect((JSON.parse(chosen.stdout) as PushReport).details.collections).toEqual({
      created: 1,
      added: 2,
      renamed: [{ name: 'Pier cut', as: mine }],
    })
    expect(chosen.stderr).toContain(`"Pier cut" went up as "${mine}": the hub has a "Pier cut" of its own.`)
    expect(await collectionsOf(hub)).toEqual([
      ['pier CUT', 0],
      [mine, 2],
    ])

    // The hub's copy renamed there: a push again adds to it all the same (remembered by its id), and makes Stills.
    const { collections } = await call<{ collections: Collection[] }>(hub, 'collections:list', {})
    await call(hub, 'collections:rename', { id: collections.find((one) => one.name === mine)!.id, name: 'Pier (Ana)' })
    const here = openLibrary(dir)
    const { collection } = await call<{ collection: Collection }>(here, 'collections:create', { name: 'Late' })
    await call(here, 'collections:add', {
      collectionId: (await call<{ collections: Collection[] }>(here, 'collections:list', {})).collections.find(
        (one) => one.name === 'Pier cut',
      )!.id,
      ids: [still],
    })
    await call(here, 'collections:add', { collectionId: collection.id, ids: [clip] })
    await here.close()
    const dry = await cli(['push', '--library', dir, ...args, '--dry-run'])
    const planned = (JSON.parse(dry.stdout) as PushPlan).collections
    expect(planned.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'Late', as: 'Late', create: true, add: [path.basename(fixtures.mp4)] },
      { name: 'Pier cut', as: 'Pier (Ana)', create: false, add: [path.basename(fixtures.png)] },
      { name: 'Stills', as: 'Stills', create: true, add: [path.basename(fixtures.png)] },
    ])
    const all = await cli(['push', '--library', dir, ...args])
    expect((JSON.parse(all.stdout) as PushReport).details.collections).toEqual({ created: 2, added: 3, renamed: [] })
    expect(await collectionsOf(hub)).toEqual([
      ['Late', 1],
      ['Pier (Ana)', 3],
      ['pier CUT', 0],
      ['Stills', 1],
    ])
    // Deleted on the hub under the name it had there: a push again does not make it anew under the one it has here.
    const renamedThere = (await call<{ collections: Collection[] }>(hub, 'collections:list', {})).collections
    await call(hub, 'collections:delete', { id: renamedThere.find((one) => one.name === 'Pier (Ana)')!.id })
    const afterDelete = await cli(['push', '--library', dir, ...args])
    expect((JSON.parse(afterDelete.stdout) as PushReport).skipped).toEqual([
      {
        kind: 'collection',
        name: 'Pier cut',
        reason: expect.stringMatching(/^collection "Pier \(Ana\)" deleted on the hub by /),
      },
    ])
    expect(await collectionsOf(hub)).toEqual([
      ['Late', 1],
      ['pier CUT', 0],
      ['Stills', 1],
    ])
    const unknown = await cli(['push', '--library', dir, ...args, '--collections', 'Nope'])
    expect(unknown).toMatchObject({ code: 2, stderr: 'This library has no collection named "Nope".\n' })
  })

  it('stops between two steps when cancelled: an aborted push sends nothing', async () => {
    const { dir } = await library()
    const { hub, url, token } = await servedHub()
    const lib = openLibrary(dir)
    closing.push(() => lib.close())
    const cancel = new AbortController()
    cancel.abort(new Error('Cancelled by the test.'))
    await expect(pushLibrary(lib, remoteBackend(url, token), { signal: cancel.signal })).rejects.toThrow(
      'Cancelled by the test.',
    )
    expect((await call<{ items: MediaAsset[] }>(hub, 'media:list', { limit: 10 })).items).toEqual([])
  })
})
