import { describe, expect, inject, it } from 'vitest'
import type {
  CachedAnalysis,
  MediaAsset,
  SubtitleTrack,
  ProcessingRun,
  StackView,
  WorkflowDefinition,
  WorkflowVersion,
} from '../../shared/contract'
import { openLibrary } from '../../main/app/open-library'
import { libraryBackend, type CliBackend } from '../../main/cli/cli-backend'
import { noWorkflows, pushWorkflows } from '../../main/services/push/push-workflows'
import { configHash } from '../../main/hashing/canonical-json'
import { GERMAN_CUES } from '../fixtures/subtitled-clips'
import { call } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'
import { librariesOfBothEngines } from '../helpers/both-engines'
import { tempDir } from '../helpers/temp-dir'

const fixtures = inject('fixtures')
const OTHER = `sha256:${'0'.repeat(64)}`

const { libraries, closeAfter } = librariesOfBothEngines()

// What `push` asks a hub (issue 34 point 5): the same answers from either engine.
describe.each(Object.entries(libraries))('the channels a push uses, on %s', (_, open) => {
  it('media:held names the asset holding each content asked about, once each, and leaves the rest out', async () => {
    const lib = await open()
    const { items } = await importAndWait(lib, [fixtures.mp4, fixtures.png])
    const [clip, still] = await Promise.all(
      items.map(async (item) => (await lib.catalog.repos.media.get(item.asset!.id))!),
    )
    const { assets } = await call<{ assets: unknown[] }>(lib, 'media:held', {
      hashes: [still!.fileHash, OTHER, clip!.fileHash, still!.fileHash],
    })
    expect(assets).toEqual([
      { hash: still!.fileHash, id: still!.id },
      { hash: clip!.fileHash, id: clip!.id },
    ])
    await expect(call(lib, 'media:held', { hashes: ['abc'] })).rejects.toThrow(/validation/)
  })

  it('analysis:put adds rows of the asset’s content once; another content’s are stale, never written', async () => {
    const lib = await open()
    const { items } = await importAndWait(lib, [fixtures.mp4])
    const asset = (await lib.catalog.repos.media.get(items[0]!.asset!.id))!
    const row = (configHash: string, fileHash = asset.fileHash) => ({
      fileHash,
      configHash,
      ranges: JSON.stringify([{ start: 0, end: 1.5, label: 'loud' }]),
      metadata: JSON.stringify({ analyzer: 'loudness', config: { window: configHash } }),
    })
    const [a, b, c] = ['a', 'b', 'c'].map((digit) => `sha256:${digit.repeat(64)}`) as [string, string, string]
    // A row the cache cannot key refuses the call in words, and nothing of it is written.
    await expect(call(lib, 'analysis:put', { assetId: asset.id, rows: [row(a), row('cfg')] })).rejects.toThrow(
      'configHash must be "algo:hex", got "cfg"',
    )
    const rows = [row(a), row(b), row(c, OTHER)]
    expect(await call(lib, 'analysis:put', { assetId: asset.id, rows })).toEqual({ added: 2, present: 0, stale: 1 })
    expect(await call(lib, 'analysis:put', { assetId: asset.id, rows })).toEqual({ added: 0, present: 2, stale: 1 })
    const { analyses } = await call<{ analyses: CachedAnalysis[] }>(lib, 'analysis:list', { assetId: asset.id })
    expect(analyses.map((one) => [one.configHash, one.analyzer, one.valid, one.ranges]).sort()).toEqual([
      [a, 'loudness', true, [{ start: 0, end: 1.5, label: 'loud' }]],
      [b, 'loudness', true, [{ start: 0, end: 1.5, label: 'loud' }]],
    ])
    await expect(call(lib, 'analysis:put', { assetId: 'nope', rows })).rejects.toThrow(/not_found/)
  })
  it('processing:put records a run between two assets once, by their files; runs of other contents are stale', async () => {
    const lib = await open()
    const { items } = await importAndWait(lib, [fixtures.webm, fixtures.mp4])
    const [input, output] = await Promise.all(
      items.map(async (item) => (await lib.catalog.repos.media.get(item.asset!.id))!),
    )
    const run = {
      inputAssetId: input!.id,
      outputAssetId: output!.id,
      action: 'convert',
      configHash: `sha256:${'c'.repeat(64)}`,
      inputHash: input!.fileHash!,
      outputHash: output!.fileHash!,
      parameters: JSON.stringify({ preset: 'h264-mp4' }),
    }
    const runs = [run, { ...run, outputHash: OTHER }]
    expect(await call(lib, 'processing:put', { runs })).toEqual({ added: 1, present: 0, stale: 1 })
    expect(await call(lib, 'processing:put', { runs })).toEqual({ added: 0, present: 1, stale: 1 })
    const listed = await call<{ runs: ProcessingRun[] }>(lib, 'processing:list', { assetId: output!.id })
    expect(listed.runs.map((one) => [one.action, one.inputAssetId, one.outputAssetId, one.parameters])).toEqual([
      ['convert', input!.id, output!.id, { preset: 'h264-mp4' }],
    ])
    await expect(call(lib, 'processing:put', { runs: [{ ...run, outputAssetId: 'nope' }] })).rejects.toThrow(
      /not_found.*No asset nope/,
    )
  })

  it('stacks:put stacks a member under its head once; a member stacked already stays where it is', async () => {
    const lib = await open()
    const { items } = await importAndWait(lib, [fixtures.mp4, fixtures.webm, fixtures.png])
    const [clip, web, still] = items.map((item) => item.asset!.id) as [string, string, string]
    const stacks = [
      { memberId: web, headId: clip, reason: 'processed' as const },
      { memberId: web, headId: still, reason: 'sidecar' as const },
    ]
    expect(await call(lib, 'stacks:put', { stacks })).toEqual({ added: 1, present: 1 })
    expect(await call(lib, 'stacks:put', { stacks: stacks.slice(0, 1) })).toEqual({ added: 0, present: 1 })
    const stack = await call<StackView>(lib, 'stacks:of', { id: web })
    expect(stack.head).toMatchObject({ id: clip, reason: 'processed' })
    await expect(call(lib, 'stacks:put', { stacks: [{ ...stacks[0]!, headId: 'nope' }] })).rejects.toThrow(
      /not_found.*No asset nope/,
    )
  })

  it('subtitles:put adds sidecar tracks once by file name, searchable; cues that are no cues are refused whole', async () => {
    const lib = await open()
    const { items } = await importAndWait(lib, [fixtures.mp4])
    const assetId = items[0]!.asset!.id
    const track = (fileName: string, cues: unknown) => ({
      fileName,
      codec: 'subrip',
      language: 'de',
      title: null,
      cues: JSON.stringify(cues),
      problem: null,
    })
    const german = track('clip.de.srt', GERMAN_CUES)
    await expect(
      call(lib, 'subtitles:put', { assetId, tracks: [german, track('clip.en.srt', [{ start: 'soon' }])] }),
    ).rejects.toThrow('The cues of clip.en.srt are not a list of {start, end, text}.')
    expect(await call(lib, 'subtitles:list', { assetId })).toEqual([])
    expect(await call(lib, 'subtitles:put', { assetId, tracks: [german] })).toEqual({ added: 1, present: 0 })
    expect(await call(lib, 'subtitles:put', { assetId, tracks: [german] })).toEqual({ added: 0, present: 1 })
    const tracks = await call<SubtitleTrack[]>(lib, 'subtitles:list', { assetId })
    expect(tracks.map(({ source, fileName, language, cues }) => ({ source, fileName, language, cues }))).toEqual([
      { source: 'sidecar', fileName: 'clip.de.srt', language: 'de', cues: GERMAN_CUES },
    ])
    const found = await call<{ items: MediaAsset[] }>(lib, 'media:list', { query: 'wanderer' })
    expect(found.items.map((asset) => asset.id)).toEqual([assetId])
  })

  it('workflows:put adds a workflow with its versions, runs and links once, by definition hash; refuses in words', async () => {
    const lib = await open()
    const { items } = await importAndWait(lib, [fixtures.mp4])
    const assetId = items[0]!.asset!.id
    const graph = (seed: number, extra = false) =>
      JSON.stringify({
        '3': { class_type: 'KSampler', inputs: { seed, steps: 20 } },
        ...(extra ? { '9': { class_type: 'SaveImage', inputs: { images: ['3', 0] } } } : {}),
      })
    const [first, reseeded, grown] = [graph(1), graph(2), graph(2, true)]
    const hashOf = (text: string) => configHash(JSON.parse(text))
    const at = (minute: number) => `2026-11-20T09:0${minute}:00Z`
    const workflow = {
      id: 'wf-koi',
      name: 'Koi pond',
      nameOrigin: 'given' as const,
      description: 'three tries',
      status: 'saved' as const,
      format: 'comfyui-api' as const,
      definition: grown,
      source: 'push',
      createdAt: at(1),
      updatedAt: at(4),
    }
    const definitions = [first, reseeded, grown].map((text, index) => ({
      text,
      format: 'comfyui-api' as const,
      createdAt: at(index + 1),
    }))
    const run = {
      id: 'run-1',
      status: 'completed' as const,
      startedAt: at(2),
      completedAt: at(3),
      executionData: '{"prompt_id":"run-1"}',
      error: null,
      createdAt: at(2),
      definitionHash: hashOf(reseeded),
    }
    const link = {
      assetId,
      nodeId: '9',
      nodeType: 'SaveImage',
      role: 'output' as const,
      executionId: 'run-1',
      createdAt: at(3),
      definitionHash: hashOf(reseeded),
    }
    const put = { workflow, definitions, executions: [run], associations: [link] }
    const once = { added: 1, present: 0 }
    expect(await call(lib, 'workflows:put', put)).toEqual({
      workflowId: 'wf-koi',
      created: true,
      definitions: { added: 3, present: 0 },
      executions: once,
      associations: once,
    })
    const versions = await call<{ items: WorkflowVersion[] }>(lib, 'workflows:versions', { id: 'wf-koi' })
    expect(versions.items.map((version) => [version.ordinal, version.definitions, version.executions])).toEqual([
      [1, 2, 1],
      [2, 1, 0],
    ])
    const ofRun = await call<{ definition: WorkflowDefinition }>(lib, 'workflows:definition', { executionId: 'run-1' })
    const ofAsset = await call<{ definition: WorkflowDefinition }>(lib, 'workflows:definition', { assetId })
    expect([ofRun.definition.text, ofAsset.definition.text]).toEqual([reseeded, reseeded])
    const got = await call<{ workflow: { name: string; description: string; lastExecutedAt: string } }>(
      lib,
      'workflows:get',
      { id: 'wf-koi' },
    )
    expect(got.workflow).toMatchObject({
      name: 'Koi pond',
      description: 'three tries',
      lastExecutedAt: at(2).replace('Z', '.000Z'),
    })

    // Sent again, with the hub's copy edited meanwhile: all there, and the edit stays.
    await call(lib, 'workflows:update', { id: 'wf-koi', name: 'Koi pond (team)' })
    const present = { added: 0, present: 1 }
    expect(await call(lib, 'workflows:put', put)).toEqual({
      workflowId: 'wf-koi',
      created: false,
      definitions: { added: 0, present: 3 },
      executions: present,
      associations: present,
    })
    expect((await call<{ workflow: { name: string } }>(lib, 'workflows:get', { id: 'wf-koi' })).workflow.name).toBe(
      'Koi pond (team)',
    )

    // A run naming a definition never sent, or a run of this id on another workflow: refused whole, nothing written.
    const stray = { ...run, id: 'run-2', definitionHash: OTHER }
    await expect(
      call(lib, 'workflows:put', { workflow, executions: [{ ...run, id: 'run-3' }, stray] }),
    ).rejects.toThrow(`Workflow wf-koi has no definition ${OTHER} here: send it first.`)
    expect(await lib.catalog.repos.workflowExecutions.get('run-3')).toBeUndefined()
    await expect(
      call(lib, 'workflows:put', {
        workflow: { ...workflow, id: 'wf-other' },
        executions: [{ ...run, definitionHash: null }],
      }),
    ).rejects.toThrow('Execution run-1 is a run of workflow wf-koi here, not of wf-other.')
    expect(await lib.catalog.repos.workflows.exists('wf-other')).toBe(false)

    // A workflow keyed by its content joins the one of its shape here, as an import here would.
    const keyed = { ...workflow, id: hashOf(first), nameOrigin: 'auto' as const }
    const [mine, theirs] = [graph(7), graph(8)]
    expect(
      await call(lib, 'workflows:put', {
        workflow: { ...keyed, id: hashOf(mine) },
        definitions: [{ ...definitions[0]!, text: mine }],
      }),
    ).toMatchObject({ workflowId: hashOf(mine), created: true })
    expect(
      await call(lib, 'workflows:put', {
        workflow: { ...keyed, id: hashOf(theirs) },
        definitions: [{ ...definitions[0]!, text: theirs }],
      }),
    ).toMatchObject({ workflowId: hashOf(mine), created: false, definitions: { added: 1, present: 0 } })
  })

  it('push sends a workflow’s definitions and runs once: pushed again, it asks what the hub holds and sends none', async () => {
    const lib = await open()
    const local = closeAfter(openLibrary(tempDir()))
    const format = 'comfyui-api'
    const graph = (seed: number) => JSON.stringify({ '3': { class_type: 'KSampler', inputs: { seed } } })
    await call(local, 'workflows:create', { id: 'wf-seeds', name: 'Seeds', definition: graph(1), format })
    await call(local, 'workflows:update', { id: 'wf-seeds', definition: graph(2), format })
    await call(local, 'executions:create', { workflowId: 'wf-seeds', id: 'run-a', status: 'completed' })
    // The hub as push reaches it, each call noted.
    const sent: Array<{ channel: string; input: Record<string, unknown> }> = []
    const backend = libraryBackend(lib)
    const hub: CliBackend = {
      ...backend,
      call: (channel, input) => {
        sent.push({ channel, input: input as Record<string, unknown> })
        return backend.call(channel, input)
      },
    }
    const push = async () => {
      const tally = noWorkflows()
      await pushWorkflows({ lib: local, hub }, new Map(), tally, {
        report: () => undefined,
        signal: new AbortController().signal,
      })
      return tally
    }
    expect(await push()).toMatchObject({ added: 1, definitions: { added: 2, present: 0 }, runs: { added: 1 } })
    sent.length = 0
    expect(await push()).toMatchObject({ present: 1, definitions: { added: 0, present: 2 }, runs: { present: 1 } })
    expect(sent.map((call) => call.channel)).not.toContain('workflows:put')
    const { items } = await call<{ items: WorkflowVersion[] }>(lib, 'workflows:versions', { id: 'wf-seeds' })
    expect(items.map((version) => version.definitions)).toEqual([2])
    expect(await call(lib, 'workflows:held', { workflowId: 'nope' })).toEqual({
      exists: false,
      definitionHashes: [],
      executionIds: [],
    })
  })
})
