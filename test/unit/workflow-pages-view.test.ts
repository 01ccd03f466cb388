import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { MediaAsset, WorkflowMedia } from '../../shared/contract'
import {
  durationText,
  exportFileName,
  lastRunText,
  levelThumbnails,
  mediaByNode,
  readPastedWorkflow,
  shortId,
} from '../../renderer/src/features/workflows/workflow-view'
import {
  DEFAULT_WORKFLOWS_QUERY,
  decodeWorkflowPageQuery,
  decodeWorkflowsQuery,
  encodeWorkflowPageQuery,
  encodeWorkflowsQuery,
  listFilters,
} from '../../renderer/src/features/workflows/workflows-url'
import { hashOfRoute, routeFromHash } from '../../renderer/src/app/navigation-slice'
import { posterUrl } from '../../renderer/src/api/media-urls'

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/workflows')
const fixtureText = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8')

describe('Workflows list filters in the URL', () => {
  it('round-trips search, status and format, and leaves defaults out', () => {
    const query = { text: 'purple galaxy & bottle', status: 'saved' as const, format: 'comfyui-ui' as const }
    const search = encodeWorkflowsQuery(query)
    expect(search).toBe('q=purple%20galaxy%20%26%20bottle&status=saved&format=comfyui-ui')
    expect(decodeWorkflowsQuery(search)).toEqual(query)
    expect(encodeWorkflowsQuery(DEFAULT_WORKFLOWS_QUERY)).toBe('')
    expect(encodeWorkflowsQuery({ ...DEFAULT_WORKFLOWS_QUERY, text: '   ' })).toBe('')
  })

  it('drops an unknown status or format and an over-long text instead of failing the page', () => {
    expect(decodeWorkflowsQuery('status=archived&format=blender&q=ok')).toEqual({
      text: 'ok',
      status: null,
      format: null,
    })
    expect(decodeWorkflowsQuery(`q=${'x'.repeat(201)}&status=draft`)).toEqual({
      text: '',
      status: 'draft',
      format: null,
    })
  })

  it('asks workflows:list only for what is set', () => {
    expect(listFilters(DEFAULT_WORKFLOWS_QUERY)).toEqual({})
    expect(listFilters({ text: ' sunset ', status: 'draft', format: 'invokeai' })).toEqual({
      query: 'sunset',
      status: ['draft'],
      format: ['invokeai'],
    })
  })

  it('routes #/workflows with filters, #/workflow/<id> and #/execution/<id> both ways', () => {
    const list = routeFromHash('#/workflows?q=cat&format=native')
    expect(list?.view).toBe('workflows')
    expect(list?.workflows).toEqual({ text: 'cat', status: null, format: 'native' })
    expect(hashOfRoute(list!)).toBe('#/workflows?q=cat&format=native')
    expect(hashOfRoute({ view: 'workflows', assetId: null, workflows: DEFAULT_WORKFLOWS_QUERY })).toBe('#/workflows')

    // Ids hold ':' (hashes) and may hold '/' or '?': they survive the trip.
    for (const id of ['sha256:ab12', '4c9f8a3e-2b1d', 'odd/id?x=1']) {
      const hash = hashOfRoute({ view: 'workflow', assetId: null, workflowId: id })
      expect(routeFromHash(hash)).toEqual({
        view: 'workflow',
        assetId: null,
        workflowId: id,
        executionId: null,
        workflowPage: { version: null, compare: null, definition: null },
      })
      const run = hashOfRoute({ view: 'execution', assetId: null, executionId: id })
      expect(routeFromHash(run)).toEqual({ view: 'execution', assetId: null, workflowId: null, executionId: id })
    }
    expect(routeFromHash('#/workflow/')).toBeUndefined()
    expect(routeFromHash('#/execution')).toBeUndefined()
    expect(routeFromHash('#/workflow/%E0%A4%A')).toBeUndefined()
  })

  it('carries the version a workflow page shows and the one it is compared with; what is no version is dropped', () => {
    const route = routeFromHash('#/workflow/sha256%3Aab12?version=2&compare=1')
    const none = { version: null, compare: null, definition: null }
    expect(route?.workflowPage).toEqual({ version: 2, compare: 1, definition: null })
    expect(hashOfRoute(route!)).toBe('#/workflow/sha256%3Aab12?version=2&compare=1')
    expect(routeFromHash('#/workflow/x?version=0&compare=abc')?.workflowPage).toEqual(none)
    expect(routeFromHash('#/workflow/x?version=1000001')?.workflowPage).toEqual(none)
    expect(encodeWorkflowPageQuery({ ...none, compare: 3 })).toBe('compare=3')
    expect(decodeWorkflowPageQuery('version=12')).toEqual({ ...none, version: 12 })
    // An asset's own definition: its hash round trips; anything else is dropped.
    const own = `sha256:${'a'.repeat(64)}`
    const exact = routeFromHash(`#/workflow/x?version=2&definition=${encodeURIComponent(own)}`)
    expect(exact?.workflowPage).toEqual({ version: 2, compare: null, definition: own })
    expect(hashOfRoute(exact!)).toBe(`#/workflow/x?version=2&definition=${encodeURIComponent(own)}`)
    expect(decodeWorkflowPageQuery('definition=sha256:zz')).toEqual(none)
  })
})

describe("a workflow's last run", () => {
  it('is its time, unknown when its runs carry none, never without runs', () => {
    const format = (iso: string) => `at ${iso}`
    expect(lastRunText('2026-01-01T00:00:00.000Z', 2, format)).toBe('at 2026-01-01T00:00:00.000Z')
    expect(lastRunText(null, 2, format)).toBe('unknown')
    expect(lastRunText(null, 0, format)).toBe('never')
  })
})

describe('run durations', () => {
  it('reads as people say it', () => {
    const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString()
    expect(durationText(at(0), at(850))).toBe('850 ms')
    expect(durationText(at(0), at(12_400))).toBe('12 s')
    expect(durationText(at(0), at(125_000))).toBe('2 min 05 s')
    expect(durationText(at(0), at(3_725_000))).toBe('1 h 02 min')
  })

  it('is unknown without both times, with times that do not parse, or with one instant (a run read from a file)', () => {
    const t = '2026-01-01T00:00:00.000Z'
    expect(durationText(null, t)).toBe('—')
    expect(durationText(t, null)).toBe('—')
    expect(durationText(t, t)).toBe('—')
    expect(durationText('yesterday', t)).toBe('—')
    expect(durationText('2026-01-01T00:00:05Z', t)).toBe('—')
  })
})

describe('export file name', () => {
  it('is the workflow name made safe for any disk, then the format', () => {
    expect(exportFileName('Portrait v2', 'comfyui-ui')).toBe('Portrait v2.comfyui-ui.json')
    expect(exportFileName('a/b\\c:d*e?"f"<g>|h', 'invokeai')).toBe('a_b_c_d_e_f_g_h.invokeai.json')
    expect(exportFileName('tab\there\nnewline', 'native')).toBe('tab_here_newline.native.json')
    expect(exportFileName('...hidden', 'comfyui-api')).toBe('hidden.comfyui-api.json')
    expect(exportFileName('  ', 'native')).toBe('workflow.native.json')
    expect(exportFileName('x'.repeat(300), 'native')).toBe(`${'x'.repeat(120)}.native.json`)
  })
})

describe('pasted or dropped workflow JSON', () => {
  it('refuses empty text, text that is not JSON and JSON of no known format, in words', () => {
    expect(readPastedWorkflow('  ')).toEqual({
      ok: false,
      problem: 'Paste a workflow’s JSON or drop a .json file first.',
    })
    const notJson = readPastedWorkflow('{"nodes": [')
    expect(notJson.ok).toBe(false)
    expect(!notJson.ok && notJson.problem).toMatch(/^This is not JSON \(.+\)\.$/)
    for (const text of ['{"hello": "world"}', '[1, 2, 3]', '42', 'null']) {
      expect(readPastedWorkflow(text)).toEqual({
        ok: false,
        problem:
          'This JSON is not a workflow Framevault can read: expected a ComfyUI workflow (UI or API format), an InvokeAI graph or workflow, or nodes with connections.',
      })
    }
  })

  it('detects every format, stores both InvokeAI shapes as invokeai, and keeps the text as pasted', () => {
    const cases: [string, string, string][] = [
      ['comfyui-ui-v04.json', 'comfyui-ui', 'comfyui-ui'],
      ['comfyui-api.json', 'comfyui-api', 'comfyui-api'],
      ['invokeai-graph.json', 'invokeai', 'invokeai-graph'],
      ['invokeai-workflow.json', 'invokeai', 'invokeai-workflow'],
      ['native.json', 'native', 'native'],
    ]
    for (const [file, format, detected] of cases) {
      const text = fixtureText(file)
      const read = readPastedWorkflow(text, file)
      expect(read).toMatchObject({ ok: true, format, detected, definition: text, name: file.replace('.json', '') })
    }
  })

  it("keeps a ComfyUI workflow's own id (the import's row id) and names from the file, else an InvokeAI or native workflow’s name", () => {
    const ui = readPastedWorkflow(JSON.stringify({ id: 'abc-123', nodes: [], links: [] }))
    expect(ui).toMatchObject({ ok: true, id: 'abc-123', name: '' })
    const invoke = JSON.parse(fixtureText('invokeai-workflow.json')) as { name?: string }
    const named = readPastedWorkflow(JSON.stringify({ ...invoke, name: ' Upscale ' }))
    expect(named).toMatchObject({ ok: true, name: 'Upscale' })
    expect(named.ok && 'id' in named).toBe(false)
    expect(readPastedWorkflow(fixtureText('native.json'))).toMatchObject({ ok: true, name: 'Upscale and interpolate' })
  })
})

const asset = (id: string): MediaAsset => ({ id, name: `${id}.png`, mediaType: 'image' }) as MediaAsset
const media = (nodeId: string, id: string, executionId: string | null = null): WorkflowMedia => ({
  workflowId: 'w',
  nodeId,
  nodeType: 'SaveImage',
  role: 'output',
  executionId,
  createdAt: '2026-01-01T00:00:00Z',
  asset: asset(id),
})

describe('posters per node', () => {
  it('puts each asset on its node, once, and a subgraph inner node on its subgraph node at the root', () => {
    const items = [
      media('9', 'a', 'r1'),
      media('9', 'b', 'r2'),
      media('9', 'a', 'r1'),
      media('12:5', 'c'),
      media('12:7:2', 'd'),
      media('99:8', 'e'),
    ]
    expect(levelThumbnails(items, [])).toEqual({
      '9': ['a', 'b'],
      '12': ['c', 'd'],
      '99': ['e'],
    })
    expect(levelThumbnails(items, ['12'])).toEqual({ '5': ['c'], '7': ['d'] })
    expect(levelThumbnails(items, ['12', '7'])).toEqual({ '2': ['d'] })
    expect(levelThumbnails(items, ['1'])).toEqual({})
    expect(posterUrl('V0a/b')).toBe('/media/thumbs/V0a%2Fb/poster.jpg')
    expect(posterUrl('a', 2)).toBe('/media/thumbs/a/poster.jpg?v=2')
  })

  it('groups a run’s outputs by node in first-seen order', () => {
    const groups = mediaByNode([media('9', 'a'), media('3', 'b'), media('9', 'c')])
    expect(groups.map((group) => [group.nodeId, group.items.map((item) => item.asset.id)])).toEqual([
      ['9', ['a', 'c']],
      ['3', ['b']],
    ])
  })

  it('shortens hashes and UUIDs, not short ids', () => {
    expect(shortId('sha256:3a6e3a8c19f3b4ba63b1aa2c65ce74b8')).toBe('3a6e3a8c…')
    expect(shortId('4c9f8a3e-2b1d-4e6f-9a7c-5d3b1e0f2a48')).toBe('4c9f8a3e…')
    expect(shortId('prompt-17')).toBe('prompt-17')
  })
})
