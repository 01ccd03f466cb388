import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { ChannelOutput, JobOf } from '../../shared/contract'
import { elementSpans, memberSpans, memberText } from '../../main/comfy/json-spans'
import type { LocalLibrary } from '../../main/services/library-context'
import { stagingDir } from '../../main/library/library-paths'
import { runForm, startComfyRun } from '../../main/services/comfy-runs/run-job'
import { getExecution, listExecutions } from '../../main/services/workflows/executions'
import { call } from '../helpers/browse'
import { UI_WORKFLOW } from '../helpers/comfy'
import { sourcedLibrary } from '../helpers/comfy-library'

// Issue 20 point 2 against the fake ComfyUI of point 3: a run from a file's own prompt, a sweep, and every
// failure of the protocol reported in words with nothing half imported.
const BIG_SEED = '18446744073709551615'

async function finished(lib: LocalLibrary, job: JobOf<'comfy-run'>) {
  await lib.jobs.settled(job.id)
  return (await lib.jobs.get(job.id)) as JobOf<'comfy-run'>
}

const PARENT_TEXT = 'a lighthouse on a cliff at dusk, waves, film grain'

/** The exact text of a UI workflow node's widgets_values. */
function widgets(workflow: string, nodeId: number): string {
  const nodes = elementSpans(workflow, memberSpans(workflow).get('nodes')!.start)
  for (const node of nodes) {
    const members = memberSpans(workflow, node.start)
    if (memberText(workflow, members, 'id') === String(nodeId)) return memberText(workflow, members, 'widgets_values')!
  }
  throw new Error(`no node ${nodeId}`)
}

const assetCount = (lib: LocalLibrary) => lib.sqlite.db.prepare('SELECT count(*) FROM videos').pluck().get() as number
const stagedFiles = (lib: LocalLibrary) => readdirSync(stagingDir(lib.dir)).filter((name) => !name.startsWith('.'))

describe('runs on ComfyUI', () => {
  it('runs a file’s own prompt with a new 64-bit seed and files the output on its save node with the new run', async () => {
    const { lib, assetId } = await sourcedLibrary()
    const form = await runForm(lib, { assetId })
    expect(form.notRunnable).toBeNull()
    expect(form.inputs.find((input) => input.seed)).toMatchObject({
      nodeId: '3',
      input: 'seed',
      value: '156680208700286',
    })
    const { job, executionIds } = await startComfyRun(lib, {
      from: { assetId },
      set: [{ nodeId: '3', input: 'seed', value: BIG_SEED }],
    })
    const done = await finished(lib, job)
    expect(done.state).toBe('done')
    const [run] = done.result!.runs
    expect(run).toMatchObject({ executionId: executionIds[0], status: 'completed', error: null })
    expect(run!.outputs).toEqual([{ nodeId: '9', assetId: expect.any(String), duplicate: false }])
    const output = run!.outputs[0]!.assetId
    expect((await lib.catalog.repos.media.get(output))?.sourceType).toBe('generated')
    const execution = await getExecution(lib, executionIds[0]!)
    expect(execution.execution.status).toBe('completed')
    expect(execution.media.map((media) => [media.asset.id, media.nodeId])).toEqual([[output, '9']])
    const data = (await lib.catalog.repos.workflowExecutions.get(executionIds[0]!))!.executionData!
    expect(data).toContain(`"seed": ${BIG_SEED}`)
    expect(data).toContain(`"parentExecutionId":"${form.sourceExecutionId}"`)
    const generation = await call<ChannelOutput<'generation:get'>>(lib, 'generation:get', { id: output })
    expect(generation.generation?.seed).toBe(BIG_SEED)
    // The source's run and the new one: the import made no third run of its own for the output.
    expect((await listExecutions(lib, { workflowId: form.workflowId, limit: 10, offset: 0 })).total).toBe(2)
  })

  it('sends and keeps the run’s own UI workflow: its seed and text, not its parent’s (issue 37 point 1)', async () => {
    const { lib, assetId } = await sourcedLibrary()
    const set = [
      { nodeId: '3', input: 'seed', value: BIG_SEED },
      { nodeId: '6', input: 'text', value: 'a lighthouse in a storm' },
    ]
    const { job, executionIds } = await startComfyRun(lib, { from: { assetId }, set })
    const done = await finished(lib, job)
    const output = done.result!.runs[0]!.outputs[0]!.assetId
    // What "Copy workflow JSON" copies for the output, and what the run keeps, is the run's own workflow.
    const [{ workflowId }] = await lib.catalog.repos.workflowVideos.ofAsset(output)
    const asked = { assetId: output, workflowId }
    const copied = await call<ChannelOutput<'workflows:definition'>>(lib, 'workflows:definition', asked)
    const { workflowVersions } = lib.catalog.repos
    const kept = (await workflowVersions.byId((await workflowVersions.ofExecution(executionIds[0]!))!.definitionId!))!
    expect(copied.definition.hash).toBe(kept.hash)
    const definition = copied.definition.text
    expect(widgets(definition, 3)).toBe(`[${BIG_SEED}, "randomize", 20, 8, "euler", "normal", 1]`)
    expect(widgets(definition, 6)).toBe('["a lighthouse in a storm"]')
    // Everything else as the parent's workflow had it, byte for byte.
    expect(definition.replace(BIG_SEED, '156680208700286').replace('a lighthouse in a storm', PARENT_TEXT)).toBe(
      UI_WORKFLOW.trim(),
    )
  })

  it('gives each run of a seed sweep its own seed in its workflow', async () => {
    const { lib, assetId } = await sourcedLibrary()
    const { job, executionIds } = await startComfyRun(lib, { from: { assetId }, set: [], sweep: { seeds: 3 } })
    await finished(lib, job)
    const { workflowVersions } = lib.catalog.repos
    const seeds: string[] = []
    for (const id of executionIds) {
      const data = (await lib.catalog.repos.workflowExecutions.get(id))!.executionData!
      const seed = /"seed": (\d+)/.exec(data.slice(data.indexOf('"prompt":')))![1]!
      const definition = (await workflowVersions.byId((await workflowVersions.ofExecution(id))!.definitionId!))!
      expect(widgets(definition.definition, 3)).toMatch(new RegExp(`^\\[${seed}, "randomize"`))
      seeds.push(seed)
    }
    expect(new Set(seeds).size).toBe(3)
  })

  it('runs a prompt holding Python’s bare NaN (as ComfyUI writes a LoRA strength), keeping it as written', async () => {
    const { lib, assetId } = await sourcedLibrary()
    const source = (await runForm(lib, { assetId })).sourceExecutionId!
    const data = (await lib.catalog.repos.workflowExecutions.get(source))!.executionData!
    lib.sqlite.db
      .prepare('UPDATE workflow_executions SET execution_data = ? WHERE id = ?')
      .run(data.replace('"denoise": 1', '"denoise": NaN'), source)
    const { job, executionIds } = await startComfyRun(lib, { from: { executionId: source }, set: [] })
    const done = await finished(lib, job)
    expect(done.result!.runs[0]).toMatchObject({ status: 'completed' })
    expect((await lib.catalog.repos.workflowExecutions.get(executionIds[0]!))!.executionData).toContain(
      '"denoise": NaN',
    )
  })

  it('tells the nodes ComfyUI answered from its cache while the run goes, and keeps them with the run', async () => {
    // Steps slow enough for the job's progress (sent at most every 100 ms) to be told while the sampler runs.
    const { lib, assetId } = await sourcedLibrary({ stepDelayMs: 25 })
    const told: string[] = []
    lib.events.subscribe((event) => {
      if (event.name === 'job:progress' && event.payload.doing) told.push(event.payload.doing)
    })
    await finished(lib, (await startComfyRun(lib, { from: { assetId }, set: [] })).job)
    expect(told.some((doing) => doing.includes("ComfyUI's cache"))).toBe(false)
    // Another seed: the fake answers the loader and encoders from its cache, and the sampler runs again.
    const set = [{ nodeId: '3', input: 'seed', value: '7' }]
    const again = await finished(lib, (await startComfyRun(lib, { from: { assetId }, set })).job)
    const cached = again.result!.runs[0]!.cachedNodes.length
    expect(again.result!.runs[0]!.cachedNodes).toContain('4')
    expect(told.some((doing) => doing.endsWith(`(${cached} nodes from ComfyUI's cache)`))).toBe(true)
  })

  it('sweeps three seeds as three sibling runs, each with its own output', async () => {
    const { lib, assetId } = await sourcedLibrary()
    const { job, executionIds } = await startComfyRun(lib, { from: { assetId }, set: [], sweep: { seeds: 3 } })
    const done = await finished(lib, job)
    expect(done.result!.runs.map((run) => run.status)).toEqual(['completed', 'completed', 'completed'])
    const outputs = new Set(done.result!.runs.flatMap((run) => run.outputs.map((output) => output.assetId)))
    expect(outputs.size).toBe(3)
    const parents: Array<[string, number]> = []
    for (const id of executionIds) {
      const data = (await getExecution(lib, id)).execution.executionData as {
        parentExecutionId: string
        sweep: { of: number }
      }
      parents.push([data.parentExecutionId, data.sweep.of])
    }
    expect(new Set(parents.map((parent) => JSON.stringify(parent))).size).toBe(1)
    expect(parents[0]).toEqual([(await runForm(lib, { assetId })).sourceExecutionId, 3])
  })

  it.each([
    ['a validation refusal', { refuseNode: '6' }, /node 6|#6/i],
    ['an error mid-run', { failAtNode: '8' }, /node 8 \(VAEDecode\)/],
    ['a socket dropped with the history empty', { dropSocketAfter: 3, emptyHistory: true }, /history|queue|no longer/i],
  ] as const)('reports %s in words and imports nothing', async (_name, scenario, words) => {
    const { lib, assetId } = await sourcedLibrary(scenario)
    const before = assetCount(lib)
    const { job, executionIds } = await startComfyRun(lib, { from: { assetId }, set: [] }, { giveUpMs: 1_000 })
    const done = await finished(lib, job)
    expect(done.state).toBe('failed')
    expect(done.error).toMatch(words)
    const execution = (await lib.catalog.repos.workflowExecutions.get(executionIds[0]!))!
    expect(execution.status).toBe('failed')
    expect(execution.error).toMatch(words)
    expect(assetCount(lib)).toBe(before)
    expect(stagedFiles(lib)).toEqual([])
  })

  it('follows a run whose socket drops midway through its history', async () => {
    const { lib, assetId } = await sourcedLibrary({ dropSocketAfter: 3 })
    const done = await finished(lib, (await startComfyRun(lib, { from: { assetId }, set: [] })).job)
    expect(done.result!.runs[0]).toMatchObject({ status: 'completed' })
    expect(done.result!.runs[0]!.outputs).toHaveLength(1)
  })

  it('interrupts the run on ComfyUI when the job is cancelled, importing nothing', async () => {
    const { lib, assetId } = await sourcedLibrary({ stepDelayMs: 300 })
    const before = assetCount(lib)
    const { job, executionIds } = await startComfyRun(lib, { from: { assetId }, set: [] })
    await expect
      .poll(async () => (await lib.catalog.repos.workflowExecutions.get(executionIds[0]!))!.status, { timeout: 10_000 })
      .toBe('running')
    const cancelled = await lib.jobs.cancel(job.id)
    expect(cancelled.state).toBe('cancelled')
    expect((await lib.catalog.repos.workflowExecutions.get(executionIds[0]!))!.status).toBe('cancelled')
    expect(assetCount(lib)).toBe(before)
    expect(stagedFiles(lib)).toEqual([])
  })

  it('says why a workflow known only in its UI format cannot run, and refuses an input it does not have', async () => {
    const { lib, assetId } = await sourcedLibrary()
    await expect(
      startComfyRun(lib, { from: { assetId }, set: [{ nodeId: '3', input: 'colour', value: '1' }] }),
    ).rejects.toThrow(/no input "colour" on node 3/)
    await expect(
      startComfyRun(lib, { from: { assetId }, set: [{ nodeId: '3', input: 'seed', value: '-1' }] }),
    ).rejects.toThrow(/seed from 0 to 18446744073709551615/)
    const created = await call<{ workflow: { id: string } }>(lib, 'workflows:create', {
      name: 'Drawn in the UI',
      definition: UI_WORKFLOW,
      format: 'comfyui-ui',
    })
    const made = await runForm(lib, { assetId })
    expect((await runForm(lib, { workflowId: made.workflowId, version: 1 })).sourceExecutionId).toBe(
      made.sourceExecutionId,
    )
    expect((await runForm(lib, { workflowId: made.workflowId, version: 2 })).notRunnable).toBe(
      'No run of version 2 holds an API prompt to run.',
    )
    const form = await runForm(lib, { workflowId: created.workflow.id })
    expect(form.inputs).toEqual([])
    expect(form.notRunnable).toMatch(/UI format/)
  })
})
