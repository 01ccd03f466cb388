import { copyFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { ChannelOutput, DeleteResult, Job, MediaFilter, StackView } from '../../shared/contract'
import { openLibrary } from '../../main/app/open-library'
import type { LocalLibrary } from '../../main/services/library-context'
import { searchParams } from '../../main/services/assets/media-search'
import { call, listAll, suiteTempDir } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'

type Facets = ChannelOutput<'media:facets'>
type Page = ChannelOutput<'media:list'>

const fixtures = inject('fixtures')
const COLLAPSED: MediaFilter = { collapseStacks: true }

let lib: LocalLibrary
let source: string
let ids: Record<'video' | 'png' | 'other' | 'jpg' | 'proxy' | 'converted', string>

/** The stack rows as (member, head, reason) by the names the test gave the assets. */
const rows = () => {
  const nameOf = new Map(Object.entries(ids).map(([name, id]) => [id, name]))
  return lib.sqlite.db
    .prepare<[], { member_id: string; head_id: string; reason: string }>('SELECT * FROM stack_members')
    .all()
    .map((row) => [nameOf.get(row.member_id), nameOf.get(row.head_id), row.reason])
    .sort()
}
const named = (list: readonly string[]) => {
  const nameOf = new Map(Object.entries(ids).map(([name, id]) => [id, name]))
  return list.map((id) => nameOf.get(id) ?? id).sort()
}
const processed = async (assetId: string, action: string, config: object = {}) => {
  const { job } = await call<{ job: Job }>(lib, 'processing:run', { assetId, action, config })
  await lib.jobs.settled(job.id)
  const ended = (await lib.jobs.get(job.id)) as Job
  expect(ended.state).toBe('done')
  return (ended.result as { outputAssetId: string }).outputAssetId
}
/** What the collapsed library shows, and whether its counts say the same. */
const shown = async (filter: MediaFilter = {}) => {
  const listed = await listAll(lib, { filter: { ...filter, ...COLLAPSED }, sort: { by: 'name', dir: 'asc' } }, 2)
  const facets = await call<Facets>(lib, 'media:facets', { filter: { ...filter, ...COLLAPSED } })
  expect(facets.total).toBe(listed.length)
  return named(listed)
}

beforeAll(async () => {
  // A VideoHelperSuite save (the video with its prompt PNG beside it), another clip and a photo, imported by path.
  source = path.join(suiteTempDir(), 'renders')
  mkdirSync(source)
  copyFileSync(fixtures.genVhsSidecarMp4, path.join(source, 'AnimateDiff_00002-audio.mp4'))
  copyFileSync(fixtures.genVhsSidecarPng, path.join(source, 'AnimateDiff_00002.png'))
  copyFileSync(fixtures.mp4, path.join(source, 'other.mp4'))
  copyFileSync(fixtures.jpg, path.join(source, 'photo.jpg'))
  lib = openLibrary(suiteTempDir())
  const { items } = await importAndWait(lib, [source])
  const idOf = (name: string) => items.find((item) => path.basename(item.path) === name)!.asset!.id
  const video = idOf('AnimateDiff_00002-audio.mp4')
  const proxy = await processed(video, 'proxy', { height: 144 })
  // A processed version of the proxy joins the first head: stacks are flat.
  const converted = await processed(proxy, 'convert', { preset: 'h264-mp4' })
  ids = {
    video,
    png: idOf('AnimateDiff_00002.png'),
    other: idOf('other.mp4'),
    jpg: idOf('photo.jpg'),
    proxy,
    converted,
  }
}, 180_000)
afterAll(() => lib.close())

describe('stacks', () => {
  it('stacks a video with its sidecar PNG on import, and its processed versions flat under it', async () => {
    expect(rows()).toEqual([
      ['converted', 'video', 'processed'],
      ['png', 'video', 'sidecar'],
      ['proxy', 'video', 'proxy'],
    ])
    const head = await call<StackView>(lib, 'stacks:of', { id: ids.video })
    expect(head.head).toBeNull()
    expect(head.count).toBe(3)
    expect(head.members.map((member) => [member.reason, named([member.asset.id])[0]])).toEqual([
      ['processed', 'converted'],
      ['proxy', 'proxy'],
      ['sidecar', 'png'],
    ])
    const member = await call<StackView>(lib, 'stacks:of', { id: ids.png })
    expect(member).toEqual({
      head: { id: ids.video, name: 'AnimateDiff_00002-audio.mp4', reason: 'sidecar' },
      members: [],
      count: 0,
    })
    await expect(call(lib, 'stacks:of', { id: 'no-such-asset' })).rejects.toThrow(/not_found No asset no-such-asset/)
  })

  it('lists one card per stack when collapsed, the head counting its members, and counts what it lists', async () => {
    expect(await shown()).toEqual(['jpg', 'other', 'video'])
    const page = await call<Page>(lib, 'media:list', { filter: COLLAPSED, limit: 10 })
    const sizes = Object.fromEntries(page.items.map((item) => [named([item.id])[0], item.stackSize ?? null]))
    expect(sizes).toEqual({ jpg: null, other: null, video: 3 })
    // Other filters and facet values count the cards too: images leave the photo alone (the PNG is under the video).
    expect(await shown({ mediaType: ['image'] })).toEqual(['jpg'])
    const facets = await call<Facets>(lib, 'media:facets', { filter: COLLAPSED })
    expect(facets.mediaType).toEqual([
      { value: 'video', count: 2 },
      { value: 'image', count: 1 },
    ])
    expect(facets.sourceType).toEqual([
      { value: 'uploaded', count: 2 },
      { value: 'generated', count: 1 },
    ])
    // Not collapsed: every asset is its own card, none counts a stack.
    const all = await call<Page>(lib, 'media:list', { limit: 10 })
    expect(named(all.items.map((item) => item.id))).toEqual(named(Object.values(ids)))
    expect(all.items.every((item) => item.stackSize === undefined)).toBe(true)
    expect((await call<Facets>(lib, 'media:facets', {})).total).toBe(6)
  })

  it('shows the members as cards while their head is in the trash, and stacks them again on its undo', async () => {
    const { batchId } = await call<DeleteResult>(lib, 'media:delete', { ids: [ids.video] })
    expect(await shown()).toEqual(['converted', 'jpg', 'other', 'png', 'proxy'])
    expect((await call<StackView>(lib, 'stacks:of', { id: ids.png })).head).toBeNull()
    await call(lib, 'trash:undo', { batchId })
    expect(await shown()).toEqual(['jpg', 'other', 'video'])
    expect(rows()).toHaveLength(3)
  })

  it('puts a trashed member back in its stack on undo', async () => {
    const { batchId } = await call<DeleteResult>(lib, 'media:delete', { ids: [ids.proxy] })
    expect(rows()).toHaveLength(2)
    expect(
      (await call<Page>(lib, 'media:list', { filter: COLLAPSED, limit: 10 })).items.map((i) => i.stackSize),
    ).toContain(2)
    await call(lib, 'trash:undo', { batchId })
    expect(rows()).toContainEqual(['proxy', 'video', 'proxy'])
    expect(await shown()).toEqual(['jpg', 'other', 'video'])
  })

  it('pairs a PNG imported after its video, and a video imported after its PNG', async () => {
    const later = path.join(source, 'later')
    mkdirSync(later)
    copyFileSync(fixtures.webm, path.join(later, 'scene.webm'))
    copyFileSync(fixtures.png, path.join(later, 'scene.png'))
    copyFileSync(fixtures.mov, path.join(later, 'take.mov'))
    copyFileSync(fixtures.genComfyPng, path.join(later, 'take.png'))
    const first = await importAndWait(lib, [path.join(later, 'scene.webm'), path.join(later, 'take.png')])
    const second = await importAndWait(lib, [path.join(later, 'scene.png'), path.join(later, 'take.mov')])
    const idOf = (items: typeof first.items, name: string) =>
      items.find((item) => path.basename(item.path) === name)!.asset!.id
    const stack = (id: string) => lib.catalog.repos.stacks.shownHead(id)
    expect(await stack(idOf(second.items, 'scene.png'))).toMatchObject({ id: idOf(first.items, 'scene.webm') })
    expect(await stack(idOf(first.items, 'take.png'))).toMatchObject({ id: idOf(second.items, 'take.mov') })
  })

  it('walks a sort index with a primary-key probe of the stacks per row, never a scan of videos', () => {
    const tableScans = (plan: string[]) =>
      plan.filter((step) => /^SCAN v\b/.test(step) && !/USING (COVERING )?INDEX/.test(step))
    for (const after of [null, { key: 'm', id: 'A' }]) {
      const plan = lib.sqlite.repos.search.explainPage(searchParams(undefined, COLLAPSED), 'imported', true, after)
      expect(tableScans(plan)).toEqual([])
      expect(plan[0]).toMatch(/^(SCAN|SEARCH) v USING INDEX videos_sort_imported/)
      expect(plan.join('\n')).toMatch(/SEARCH s USING PRIMARY KEY \(member_id=\?\)/)
      expect(plan.join('\n')).toMatch(/SEARCH h USING (COVERING )?INDEX sqlite_autoindex_videos_1 \(id=\?\)/)
    }
  })
})
