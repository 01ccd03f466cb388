import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { JobKind } from '../../shared/contract'
import { jobHandlers } from '../../main/app/job-handlers'
import { createJobRegistry, type AnyJobHandler } from '../../main/jobs/job-handler'

/** A handler of `kind` whose work resolves to `result`. */
function stub(kind: JobKind): AnyJobHandler<string> {
  return {
    kind,
    params: z.object({ n: z.number() }),
    result: z.object({ seen: z.string() }),
    retryable: kind === 'similar-hash',
    runs: 'starter',
    run: async (lib: string, params: { n: number }) => ({ seen: `${lib}:${params.n}` }),
  }
}

describe('the job handler registry', () => {
  it("holds every contract kind's handler from the app's list, once", () => {
    expect(jobHandlers.map((handler) => handler.kind).sort()).toEqual([...JobKind.options].sort())
    const registry = createJobRegistry(jobHandlers, () => null as never)
    expect(registry.handler('import')).toMatchObject({ kind: 'import', uncounted: true, exclusive: 'import' })
    // A pipeline run hands its stages to a shared queue's workers when it takes them: it takes no place then.
    expect(registry.handler('pipeline-run')).toMatchObject({ waitsOn: ['pipeline-stage', 'pipeline-text'] })
    // Run again after their holder is gone: the hashing resumes where it stopped, a checkpoint deletion deletes
    // what is left of its branches (deepest first, so what is left is whole), a pipeline stage finds the checkpoint
    // it saved or its output in the stage cache.
    expect(JobKind.options.filter((kind) => registry.handler(kind).retryable)).toEqual([
      'similar-hash',
      'pipeline-stage',
      'pipeline-text',
      'checkpoint-delete',
      'thumbnails',
      'sidecar-pairing',
      'near-duplicate-set',
    ])
  })

  it('fails loudly, naming them, when a kind has no handler or two', () => {
    const all = JobKind.options.map(stub)
    const withoutTwo = all.filter((handler) => handler.kind !== 'batch' && handler.kind !== 'comfy-run')
    expect(() => createJobRegistry(withoutTwo, () => 'lib')).toThrow(
      'Job handlers are incomplete: no handler for batch, comfy-run.',
    )
    expect(() => createJobRegistry([...all, stub('verify')], () => 'lib')).toThrow(
      'Job handlers are incomplete: more than one handler for verify.',
    )
  })

  it('refuses an unknown kind and parameters that do not read, and runs a handler against the library', async () => {
    const registry = createJobRegistry(JobKind.options.map(stub), () => 'lib')
    expect(() => registry.handler('transcode')).toThrow(expect.objectContaining({ code: 'validation' }))
    expect(() => registry.handler('transcode')).toThrow('No job kind "transcode".')
    const analysis = registry.handler('analysis')
    expect(() => analysis.params({ n: 'seven' })).toThrow(expect.objectContaining({ code: 'validation' }))
    expect(analysis.params({ n: 7, extra: true })).toEqual({ n: 7 })
    const signal = new AbortController().signal
    const context = { jobId: 'j', assetId: null, signal, progress: () => {}, keep: () => {}, held: async () => {} }
    await expect(analysis.run({ n: 7 }, context)).resolves.toEqual({ seen: 'lib:7' })
    expect(() => analysis.result({ seen: 7 })).toThrow(expect.objectContaining({ code: 'internal' }))
  })
})
