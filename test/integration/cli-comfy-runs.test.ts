import { readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ChannelOutput, ComfyRunOutcome, RunComparison } from '../../shared/contract'
import { openLibrary } from '../../main/app/open-library'
import { call } from '../helpers/browse'
import { cli, jsonLines } from '../helpers/cli'
import { API_PROMPT, fakeComfy, runThrough, UI_WORKFLOW } from '../helpers/comfy'
import { importAndWait } from '../helpers/ingest'
import { tempDir } from '../helpers/temp-dir'

// Issue 20 point 5: `workflow run` and `executions diff` against the fake ComfyUI, through the real CLI.
const BIG_SEED = '18446744073709551615'

/** A closed library holding one PNG the fake made, and the id of the workflow that made it. */
async function libraryWithOutput(url: string, outputDir: string) {
  await runThrough(url, API_PROMPT, { workflow: UI_WORKFLOW })
  const made = readdirSync(outputDir, { recursive: true, encoding: 'utf8' }).find((name) => name.endsWith('.png'))!
  const dir = tempDir()
  const lib = openLibrary(dir)
  try {
    const { items } = await importAndWait(lib, [path.join(outputDir, made)])
    const { workflows } = await call<ChannelOutput<'generation:get'>>(lib, 'generation:get', {
      id: items[0]!.asset!.id,
    })
    return { dir, workflowId: workflows[0]!.workflowId }
  } finally {
    await lib.close()
  }
}

describe('workflow run and executions diff', () => {
  it('runs again with a 64-bit seed, sweeps a prompt text, and compares the runs', async () => {
    const fake = await fakeComfy()
    const { dir, workflowId } = await libraryWithOutput(fake.url, fake.outputDir)
    const seeded = await cli([
      'workflow',
      'run',
      workflowId,
      '--set',
      `3.seed=${BIG_SEED}`,
      '--server',
      fake.url,
      '--library',
      dir,
    ])
    expect(seeded.stderr).toContain('"kind":"comfy-run"')
    expect(seeded.code).toBe(0)
    const [run] = jsonLines<ComfyRunOutcome>(seeded.stdout)
    expect(run).toMatchObject({ status: 'completed', outputs: [{ nodeId: '9', duplicate: false }] })

    const sweep = await cli([
      'workflow',
      'run',
      workflowId,
      '--sweep',
      '6.text=a kite,a koi',
      '--server',
      fake.url,
      '--library',
      dir,
    ])
    expect(sweep.code).toBe(0)
    const swept = jsonLines<ComfyRunOutcome>(sweep.stdout)
    expect(swept.map((one) => one.status)).toEqual(['completed', 'completed'])

    const diff = await cli([
      'executions',
      'diff',
      run!.executionId,
      ...swept.map((one) => one.executionId),
      '--library',
      dir,
    ])
    expect(diff.code).toBe(0)
    const [compared] = jsonLines<RunComparison>(diff.stdout)
    const differing = compared!.inputs.filter((input) => input.differs)
    // The sweep started from the workflow's newest run, the one with the big seed: only the text differs.
    expect(differing.map((input) => [input.nodeId, input.input, input.values])).toEqual([
      ['6', 'text', [expect.stringMatching(/\S/), 'a kite', 'a koi']],
    ])
    const seed = compared!.inputs.find((input) => input.nodeId === '3' && input.input === 'seed')
    expect(seed?.values).toEqual([BIG_SEED, BIG_SEED, BIG_SEED])
    expect(compared!.runs.map((one) => one.outputs.map((output) => output.nodeId))).toEqual([['9'], ['9'], ['9']])
  }, 60_000)

  it('refuses a malformed --set and a server that is not ComfyUI, in words', async () => {
    const fake = await fakeComfy()
    const { dir, workflowId } = await libraryWithOutput(fake.url, fake.outputDir)
    const malformed = await cli([
      'workflow',
      'run',
      workflowId,
      '--set',
      '3seed=1',
      '--server',
      fake.url,
      '--library',
      dir,
    ])
    expect(malformed.code).not.toBe(0)
    expect(malformed.stderr).toContain('--set takes NODE.INPUT=VALUE')
    const nowhere = await cli(['workflow', 'run', workflowId, '--server', 'localhost:8188', '--library', dir])
    expect(nowhere.code).not.toBe(0)
    expect(nowhere.stderr).toContain('not a full address')
  }, 60_000)
})
