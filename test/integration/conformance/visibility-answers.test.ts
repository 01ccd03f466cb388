import { describe, expect, it } from 'vitest'
import { CHANNEL_ROLES, WHOLE_LIBRARY_READS, changesLibrary, mayCall } from '../../../shared/access'
import type { Channel } from '../../../shared/contract'
import { dispatch } from '../../../main/dispatch'
import type { Library } from '../../../main/services/library-context'
import { sharedLibrary } from '../../helpers/shared-library'
import { librariesOfBothEngines } from '../../helpers/both-engines'

const { libraries } = librariesOfBothEngines()

// The hidden asset of sharedLibrary (in "Internal" alone) and the shared one beside it on the same workflow.
const HIDDEN = 12
const SHARED = 2

type Ids = readonly string[]

/**
 * What the client asks each channel a viewer may call, about the shared asset or nothing in particular (an input
 * naming a hidden asset answers not_found, tested in visibility.test.ts). `fails` names the error code an answer
 * may be instead of data: a channel whose work needs what this library has not (the desktop, a version).
 */
const ASKED: Partial<Record<Channel, (ids: Ids) => { input: object; fails?: string }>> = {
  'library:info': () => ({ input: {} }),
  'media:list': () => ({ input: { limit: 200 } }),
  'media:get': (ids) => ({ input: { id: ids[SHARED] } }),
  'media:provenance': (ids) => ({ input: { id: ids[SHARED] } }),
  'media:reveal': (ids) => ({ input: { id: ids[SHARED] }, fails: 'unsupported' }),
  'media:facets': () => ({ input: {} }),
  'media:history': (ids) => ({ input: { id: ids[SHARED] } }),
  'tags:list': () => ({ input: {} }),
  'collections:list': () => ({ input: {} }),
  'analysis:list': (ids) => ({ input: { assetId: ids[SHARED] } }),
  'processing:list': (ids) => ({ input: { assetId: ids[SHARED] } }),
  'workflows:list': () => ({ input: { limit: 50, offset: 0 } }),
  'workflows:get': () => ({ input: { id: 'wf-mixed' } }),
  'workflows:videos': () => ({ input: { id: 'wf-mixed', limit: 50, offset: 0 } }),
  'workflows:versions': () => ({ input: { id: 'wf-mixed' } }),
  'workflows:definition': () => ({ input: { workflowId: 'wf-mixed' } }),
  'workflows:diff': () => ({ input: { id: 'wf-mixed', from: 1, to: 1 } }),
  'executions:list': () => ({ input: { limit: 50, offset: 0 } }),
  'executions:get': () => ({ input: { id: 'run-1' } }),
  'generation:get': (ids) => ({ input: { id: ids[SHARED] } }),
  'similar:groups': () => ({ input: { limit: 10 } }),
  'similar:of': (ids) => ({ input: { id: ids[SHARED] } }),
  'pipelines:of-asset': (ids) => ({ input: { assetId: ids[SHARED] } }),
  'timelines:frames': () => ({ input: { timelineId: 1 }, fails: 'not_found' }),
  'searches:list': () => ({ input: {} }),
  'stacks:of': (ids) => ({ input: { id: ids[SHARED] } }),
  'subtitles:list': (ids) => ({ input: { assetId: ids[SHARED] } }),
  'events:cursor': () => ({ input: {} }),
  'events:since': () => ({ input: { since: 0 } }),
  'people:me': () => ({ input: {} }),
  'comments:list': (ids) => ({ input: { assetId: ids[SHARED] } }),
  'review:get': (ids) => ({ input: { assetId: ids[SHARED] } }),
  'inbox:list': () => ({ input: {} }),
  'links:visiting': () => ({ input: {} }),
  'inbox:read': () => ({ input: { ids: [1] } }),
  'inbox:read-all': () => ({ input: { upTo: 1 } }),
}

// The reads a viewer may make (and what changes their own inbox alone).
const VIEWER_READS = (Object.keys(CHANNEL_ROLES) as Channel[]).filter(
  (channel) => mayCall('viewer', channel) && !changesLibrary(channel),
)

/**
 * The hidden asset on everything a read could tell of it: a tag of its own, a workflow and a run with a shared asset
 * and one of its own, a prompt, a comment.
 */
async function aroundTheHiddenAsset(lib: Library, ids: Ids): Promise<void> {
  const admin = async (channel: string, input: object) => {
    const answer = await dispatch(lib, channel, input)
    if (!answer.ok) throw new Error(`${channel}: ${JSON.stringify(answer.error)}`)
  }
  await admin('media:tag', { ids: [ids[HIDDEN], ids[SHARED]], tags: ['hero'] })
  await admin('media:tag', { ids: [ids[HIDDEN]], tags: ['internal-only'] })
  const definition = JSON.stringify({ '1': { class_type: 'SaveImage', inputs: {} } })
  await admin('workflows:create', { id: 'wf-mixed', definition, format: 'comfyui-api' })
  await admin('executions:create', { workflowId: 'wf-mixed', id: 'run-1', status: 'completed' })
  await admin('workflows:create', { id: 'wf-hidden', definition, format: 'comfyui-api' })
  await admin('executions:create', { workflowId: 'wf-hidden', id: 'run-hidden', status: 'completed' })
  for (const [workflowId, index, executionId] of [
    ['wf-mixed', SHARED, 'run-1'],
    ['wf-mixed', HIDDEN, 'run-1'],
    ['wf-hidden', HIDDEN, 'run-hidden'],
  ] as const) {
    await admin('workflows:associate', { workflowId, videoId: ids[index], nodeId: '1', executionId })
  }
  // Only the hidden output records a prompt: a workflow's row would show it as its latest.
  await admin('generation:set', { id: ids[HIDDEN], prompt: 'a secret storyboard' })
  await admin('comments:add', { assetId: ids[HIDDEN], body: 'colour is off in the last second, @Client' })
}

describe('which reads a person limited to shared collections may make', () => {
  it('names every channel a viewer may call: refused to them, or asked below', () => {
    const unclassified = VIEWER_READS.filter((channel) => !WHOLE_LIBRARY_READS.has(channel) && !ASKED[channel])
    expect(unclassified).toEqual([])
    for (const channel of WHOLE_LIBRARY_READS) {
      expect(mayCall('viewer', channel, 'all'), channel).toBe(true)
      expect(mayCall('commenter', channel, 'shared'), channel).toBe(false)
      expect(mayCall('editor', channel, 'shared'), channel).toBe(true)
    }
  })
})

describe.each(Object.entries(libraries))('no answer tells a limited person of a hidden asset, on %s', (_name, open) => {
  it('refuses the whole library’s work and figures in words, and lets a viewer who sees all read them', async () => {
    const { ask } = await sharedLibrary(open)
    const answer = await ask('client', 'jobs:list', {})
    expect(answer).toEqual({
      error: expect.objectContaining({
        code: 'forbidden',
        message: 'Only people who see the whole library can see jobs. Ask an admin of this library to share more.',
      }),
    })
    expect(await ask('vera', 'jobs:list', {})).toHaveProperty('data')
    for (const channel of WHOLE_LIBRARY_READS) {
      expect((await ask('client', channel, {})) as object, channel).toMatchObject({ error: { code: 'forbidden' } })
    }
  })

  it('holds neither the hidden asset’s id, nor its name, nor what only it carries, in any read', async () => {
    const { lib, ids, ask } = await sharedLibrary(open)
    await aroundTheHiddenAsset(lib, ids)
    const hiddenName = (await dispatch(lib, 'media:get', { id: ids[HIDDEN] })) as { data: { name: string } }
    const secrets = [
      ids[HIDDEN]!,
      hiddenName.data.name,
      'internal-only',
      'colour is off',
      'wf-hidden',
      'run-hidden',
      'secret storyboard',
    ]
    const told: string[] = []
    for (const [channel, asked] of Object.entries(ASKED)) {
      const { input, fails } = asked(ids)
      const answer = await ask('client', channel, input)
      if (!('data' in answer) && answer.error.code !== fails) told.push(`${channel} fails: ${answer.error.message}`)
      const said = JSON.stringify(answer)
      told.push(...secrets.filter((secret) => said.includes(secret)).map((secret) => `${channel} tells ${secret}`))
    }
    expect(told).toEqual([])
    // Vera sees all: the same reads tell her (they do reach the hidden asset's data).
    const rows = JSON.stringify(await ask('vera', 'workflows:list', { limit: 50, offset: 0 }))
    expect(rows).toContain('a secret storyboard')
    expect(JSON.stringify(await ask('vera', 'executions:get', { id: 'run-1' }))).toContain(ids[HIDDEN])
    const tags = (await ask('client', 'tags:list', {})) as { data: { tags: Array<{ name: string; count: number }> } }
    expect(tags.data.tags.map(({ name, count }) => [name, count])).toEqual([['hero', 1]])
  })
})
