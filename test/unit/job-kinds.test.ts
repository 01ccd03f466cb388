import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { JobKind } from '../../shared/contract'
import { JOB_FOLLOW_UPS, followUpsOf } from '../../main/app/job-follow-ups'
import { jobHandlers } from '../../main/app/job-handlers'
import { HUB_QUEUED_KINDS } from '../../main/app/open-hub-library'
import { createJobRegistry, type AnyJobHandler } from '../../main/jobs/job-handler'

const handlerOf = (kind: JobKind) => jobHandlers.find((handler) => handler.kind === kind)!

describe('job kinds: where each runs, what it needs, what follows it (issue 59 point 3)', () => {
  it('declares the follow-ups in one map, each queued by its own handler', () => {
    expect(JOB_FOLLOW_UPS).toEqual({
      import: ['thumbnails', 'similar-hash', 'sidecar-pairing'],
      'similar-hash': ['near-duplicate-set'],
      verify: ['near-duplicate-set'],
      relink: ['near-duplicate-set'],
    })
    for (const kind of Object.values(JOB_FOLLOW_UPS).flat()) expect(handlerOf(kind).after).toBeTypeOf('function')
    // Hashing follows an import only where the host asks for it (the app's hosts).
    expect(followUpsOf({}).import).toEqual(['thumbnails', 'sidecar-pairing'])
    expect(followUpsOf({ hashAfterImports: true }).import).toEqual(JOB_FOLLOW_UPS.import)
    const registry = createJobRegistry(jobHandlers, () => null as never, JOB_FOLLOW_UPS)
    expect(registry.followUps('import').map((handler) => handler.kind)).toEqual(JOB_FOLLOW_UPS.import)
    expect(registry.followUps('analysis')).toEqual([])
  })

  it('refuses a follow-up whose handler cannot queue it, naming it', () => {
    const stub = (kind: JobKind): AnyJobHandler<null> => ({
      kind,
      params: z.object({}),
      result: z.object({}),
      retryable: false,
      runs: 'starter',
      run: async () => ({}),
    })
    expect(() => createJobRegistry(JobKind.options.map(stub), () => null, { import: ['thumbnails'] })).toThrow(
      'Follow-up kinds without a way to queue them: thumbnails.',
    )
  })

  it("takes a team library's shared queue and a worker's needs from the handlers", () => {
    expect([...HUB_QUEUED_KINDS].sort()).toEqual(
      [
        'analysis',
        'processing',
        'verify',
        'similar-hash',
        'pipeline-stage',
        'pipeline-text',
        'thumbnails',
        'sidecar-pairing',
        'near-duplicate-set',
      ].sort(),
    )
    // What reads files on its starter's machine, talks to a server it reaches, or hands out work stays there.
    for (const kind of ['import', 'relink', 'history-import', 'batch', 'comfy-run', 'pipeline-run', 'push'] as const)
      expect(handlerOf(kind).runs).toBe('starter')
    expect(jobHandlers.filter((handler) => (handler.needs ?? []).length > 0).map((h) => [h.kind, h.needs])).toEqual([
      ['pipeline-text', ['tesseract']],
    ])
  })
})
