import { describe, expect, inject, it } from 'vitest'
import type { Job, Provenance } from '../../shared/contract'
import type { Library } from '../../main/services/library-context'
import { call } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'

const fixtures = inject('fixtures')

async function processed(lib: Library, input: object): Promise<string> {
  const { job } = await call<{ job: Job }>(lib, 'processing:run', input)
  await lib.jobs.settled(job.id)
  return ((await lib.jobs.get(job.id)).result as { outputAssetId: string }).outputAssetId
}

describe('media:provenance of a processing output', () => {
  it('says which step made it, with its config and input, not that it was uploaded', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fixtures.webm])
    const input = items[0]!.asset!
    const before = Math.floor(Date.now() / 1000)
    const output = await processed(lib, { assetId: input.id, action: 'proxy', config: { height: 180 } })

    const answer = await call<Provenance>(lib, 'media:provenance', { id: output })
    expect(answer.processing).toEqual({
      jobId: expect.stringMatching(/^framevault:/),
      action: 'proxy',
      parameters: { height: 180 },
      ranAt: expect.any(String),
      input: { path: (await lib.catalog.repos.media.get(input.id))!.filePath, assetId: input.id, name: input.name },
      otherRuns: 0,
    })
    expect(Date.parse(answer.processing!.ranAt)).toBeGreaterThanOrEqual(before * 1000)
    // The import that stored the output is the processing's, and the temp file's name is no original path.
    expect(answer.job).toMatchObject({ source: 'processing', state: 'done' })
    expect(answer.originalPath).toBeNull()
    // The input was made by nothing: it came from a folder.
    const made = await call<Provenance>(lib, 'media:provenance', { id: input.id })
    expect(made.processing).toBeNull()
    expect(made.job).toMatchObject({ source: 'paths' })
  })

  it('names the run that made the file, not a later cached answer recorded for the same bytes elsewhere', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fixtures.webm])
    const input = items[0]!.asset!
    const output = await processed(lib, { assetId: input.id, action: 'convert', config: { preset: 'vp9-webm' } })
    const made = (
      await lib.catalog.repos.processing.touching((await lib.catalog.repos.media.get(output))!.filePath)
    )[0]!
    // What cachedRun records when the same content under another path asks again: a copy of the run.
    await lib.catalog.repos.processing.save({
      ...made,
      jobId: 'framevault:copy',
      inputPath: '/elsewhere/clip.webm',
      metadata: { inputAssetId: 'other', outputAssetId: output, sameContentAs: made.jobId },
    })
    const answer = await call<Provenance>(lib, 'media:provenance', { id: output })
    expect(answer.processing).toMatchObject({
      jobId: made.jobId,
      action: 'convert',
      parameters: { preset: 'vp9-webm' },
      input: { assetId: input.id },
      otherRuns: 1,
    })
    // Deleting the input leaves the step told by its path (a library copy's, named by its content).
    await call(lib, 'media:delete', { ids: [input.id] })
    const orphan = await call<Provenance>(lib, 'media:provenance', { id: output })
    expect(orphan.processing?.input).toEqual({ path: made.inputPath, assetId: null, name: null })
  })
})
