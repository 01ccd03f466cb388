import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Workflow, WorkflowSummary } from '../../shared/contract'
import type { Library } from '../../main/services/library-context'
import { storeOver } from '../helpers/app-store'
import { call } from '../helpers/browse'
import { testLibrary } from '../helpers/library'

const WORKFLOWS = path.join(__dirname, '../fixtures/workflows')
const UI_TEXT = readFileSync(path.join(WORKFLOWS, 'comfyui-ui-v04.json'), 'utf8')
const UI_ID = (JSON.parse(UI_TEXT) as { id: string }).id
const API_TEXT = readFileSync(path.join(WORKFLOWS, 'comfyui-api.json'), 'utf8')

const file = (text: string, name: string) => new File([text], name, { type: 'application/json' })
const listed = async (lib: Library) =>
  (await call<{ items: WorkflowSummary[] }>(lib, 'workflows:list', { limit: 100, offset: 0 })).items
const stored = async (lib: Library, id: string) =>
  (await call<{ workflow: Workflow }>(lib, 'workflows:get', { id })).workflow

/** The store over `lib` with `files` offered as a drop's .json files; the files as the panel shows them. */
async function offered(lib: Library, files: File[]) {
  const { store, stop } = storeOver(lib)
  await store.getState().offerWorkflowFiles(files)
  return { store, stop, byName: (name: string) => store.getState().workflowFiles.find((f) => f.fileName === name)! }
}

describe('dropped .json files: workflows are offered, anything else is refused in words', () => {
  it('reads each file: a ComfyUI UI and API workflow are offered, the rest say why not', async () => {
    const lib = testLibrary()
    const { byName, stop } = await offered(lib, [
      file(UI_TEXT, 'portrait pipeline.json'),
      file(API_TEXT, 'workflow_api.json'),
      file('{"positive_prompt": "a cat"}', 'notes.json'),
      file('{"nodes": [', 'broken.json'),
      file('', 'empty.json'),
    ])
    expect(byName('portrait pipeline.json')).toMatchObject({ state: 'offered', format: 'comfyui-ui' })
    expect(byName('workflow_api.json')).toMatchObject({ state: 'offered', format: 'comfyui-api' })
    expect(byName('notes.json')).toMatchObject({
      state: 'refused',
      problem: expect.stringMatching(/^This JSON is not a workflow Framevault can read: expected a ComfyUI workflow/),
    })
    expect(byName('broken.json')).toMatchObject({
      state: 'refused',
      problem: expect.stringMatching(/^This is not JSON \(/),
    })
    expect(byName('empty.json')).toMatchObject({ state: 'refused', problem: 'The file is empty.' })
    // Nothing is stored until someone asks.
    expect(await listed(lib)).toEqual([])
    stop()
  })

  it('adds an offered file as a workflow named from its file name, exactly as written; again, it joins that workflow', async () => {
    const lib = testLibrary()
    const { store, byName, stop } = await offered(lib, [file(UI_TEXT, 'portrait pipeline.json')])
    await store.getState().addWorkflowFile(byName('portrait pipeline.json').key)
    expect(byName('portrait pipeline.json')).toMatchObject({
      state: 'added',
      added: { id: UI_ID, name: 'portrait pipeline', created: true, version: 1 },
    })
    const workflow = await stored(lib, UI_ID)
    expect(workflow).toMatchObject({
      name: 'portrait pipeline',
      format: 'comfyui-ui',
      source: 'file: portrait pipeline.json',
      definitionText: UI_TEXT,
    })

    // The same file dropped again under another name is the workflow the library has (ComfyUI keeps its id).
    await store.getState().offerWorkflowFiles([file(UI_TEXT, 'copy of it.json')])
    await store.getState().addWorkflowFile(byName('copy of it.json').key)
    expect(byName('copy of it.json').added).toEqual({
      id: UI_ID,
      name: 'portrait pipeline',
      created: false,
      version: 1,
    })
    expect((await listed(lib)).map((w) => w.name)).toEqual(['portrait pipeline'])

    store.getState().dismissWorkflowFile(byName('copy of it.json').key)
    expect(store.getState().workflowFiles.map((f) => f.fileName)).toEqual(['portrait pipeline.json'])
    stop()
  })

  it('names a file with a tool’s default name ("workflow_api.json") by what the workflow does, as the import would', async () => {
    const lib = testLibrary()
    const { store, byName, stop } = await offered(lib, [file(API_TEXT, 'workflow_api.json')])
    await store.getState().addWorkflowFile(byName('workflow_api.json').key)
    const { added } = byName('workflow_api.json')
    expect(added).toMatchObject({ name: 'v1-5-pruned-emaonly → image', created: true })
    expect((await stored(lib, added!.id)).definitionText).toBe(API_TEXT)
    stop()
  })

  it('keeps the offer with the reason when the library refuses it', async () => {
    const lib = testLibrary()
    // An API prompt the page reads, nested deeper than the library takes (JSON_MAX_DEPTH, 64 levels).
    const deep = `{"1": {"class_type": "KSampler", "inputs": ${'['.repeat(70)}${']'.repeat(70)}}}`
    const { store, byName, stop } = await offered(lib, [file(deep, 'deep.json')])
    expect(byName('deep.json').state).toBe('offered')
    await store.getState().addWorkflowFile(byName('deep.json').key)
    expect(byName('deep.json')).toMatchObject({ state: 'offered', problem: expect.stringMatching(/deep|nest/i) })
    expect(await listed(lib)).toEqual([])
    stop()
  })
})
