import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AssetWorkflow, WorkflowMedia, WorkflowNodeMedia } from '../../shared/contract'
import { associationNodeText } from '../../renderer/src/features/asset-detail/generation-facts'
import { comfyApiPrompt, pythonJson } from '../fixtures/comfy-documents'
import { GENERATION, ui } from '../fixtures/generation-fixtures'
import { makePng, tEXt } from '../fixtures/metadata-writers'
import { call } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

const WORKFLOW_ID = 'f0e1d2c3-b4a5-4968-8776-655443322110'

/** A ComfyUI PNG whose API prompt has no node that writes files (the save node taken out), with its workflow. */
function pngWithoutSaveNode(): string {
  const o = GENERATION.comfyRunA
  const prompt = comfyApiPrompt(o)
  const saves = Object.entries(prompt).filter(([, node]) => /Save/.test((node as { class_type: string }).class_type))
  expect(saves.map(([id]) => id)).toEqual(['9'])
  delete prompt['9']
  const file = path.join(tempDir(), 'ComfyUI_nosave_00001_.png')
  const before = [tEXt('prompt', pythonJson(prompt)), tEXt('workflow', ui(o, WORKFLOW_ID))]
  writeFileSync(file, makePng({ width: 64, height: 64, before }))
  return file
}

describe('a file with a workflow but no save node (issue 18)', () => {
  it('stays on its workflow and run with a null node, never an empty node id', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [pngWithoutSaveNode()])
    const assetId = items[0]!.asset!.id
    const { workflows } = await call<{ workflows: AssetWorkflow[] }>(lib, 'generation:get', { id: assetId })
    expect(workflows).toEqual([
      expect.objectContaining({ workflowId: WORKFLOW_ID, nodeId: null, nodeType: null, role: 'output' }),
    ])
    const executionId = workflows[0]!.executionId
    expect(executionId).not.toBeNull()

    const got = await call<{ nodes: WorkflowNodeMedia[]; media: WorkflowMedia[] }>(lib, 'workflows:get', {
      id: WORKFLOW_ID,
    })
    expect(got.nodes).toEqual([{ nodeId: null, nodeType: null, outputs: 1, inputs: 0, intermediates: 0 }])
    expect(got.media.map((m) => [m.asset.id, m.nodeId])).toEqual([[assetId, null]])
    const run = await call<{ media: WorkflowMedia[] }>(lib, 'executions:get', { id: executionId })
    expect(run.media.map((m) => m.nodeId)).toEqual([null])

    // The asset detail's Workflows section words it so.
    expect(associationNodeText(workflows[0]!)).toBe(', no save node (the file names none)')
    expect(associationNodeText({ nodeId: '9', nodeType: 'SaveImage' })).toBe(', node 9 (SaveImage)')
  })
})
