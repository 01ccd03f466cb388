import { describe, expect, inject, it } from 'vitest'
import type { Job } from '../../shared/contract'
import { ANALYSIS_BY_CONTENT_SQL } from '../../main/db/repos/analysis-cache'
import { PROCESSING_BY_CONTENT_SQL } from '../../main/db/repos/processing-cache'
import { resolveMediaTools } from '../../main/media/media-tools'
import type { LocalLibrary } from '../../main/services/library-context'
import { call } from '../helpers/browse'
import { importAndWait } from '../helpers/ingest'
import { testLibrary } from '../helpers/library'

const fixtures = inject('fixtures')
const ELSEWHERE = '/elsewhere/the same bytes.mp4'

/** Runs a channel that starts a job and waits for the job to end. */
async function jobOf(lib: LocalLibrary, channel: 'processing:run' | 'analysis:run', input: object): Promise<Job> {
  const { job } = await call<{ job: Job }>(lib, channel, input)
  await lib.jobs.settled(job.id)
  return (await lib.jobs.get(job.id)) as Job
}

/** The same library folder with an ffmpeg that cannot start: anything but a cache hit fails. */
function withoutFfmpeg(lib: LocalLibrary): LocalLibrary {
  return testLibrary(lib.dir, { ingest: { tools: { ...resolveMediaTools(), ffmpeg: '/nonexistent/ffmpeg' } } })
}

function rows(lib: LocalLibrary, table: 'analysis_jobs' | 'processing_jobs'): Record<string, unknown>[] {
  return lib.sqlite.db.prepare(`SELECT * FROM ${table} ORDER BY id`).all() as Record<string, unknown>[]
}

describe('content-addressed cache hits', () => {
  it('answers an analysis from a row of the same bytes under another path, without ffmpeg', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fixtures.mp4])
    const assetId = items[0]!.asset!.id
    const first = await jobOf(lib, 'analysis:run', { assetId, analyzer: 'scenes' })
    expect(first.result).toEqual(expect.not.objectContaining({ matchedBy: expect.anything() }))
    // The result now sits under another path only (a plugin's row for a copy of the file), left as it is.
    lib.sqlite.db.prepare('UPDATE analysis_jobs SET file_path = ?').run(ELSEWHERE)
    const before = rows(lib, 'analysis_jobs')

    const blind = withoutFfmpeg(lib)
    const again = await jobOf(blind, 'analysis:run', { assetId, analyzer: 'scenes' })
    expect(again.state).toBe('done')
    const ranges = (before[0]!.ranges as string | null) && JSON.parse(before[0]!.ranges as string)
    expect(again.result).toMatchObject({ cached: true, matchedBy: 'content', analysis: { ranges, valid: true } })
    const after = rows(blind, 'analysis_jobs')
    expect(after[0]).toEqual(before[0])
    // Copied under the asset's own path, so its list shows it and the next lookup is a path hit.
    expect(after).toHaveLength(2)
    expect(after[1]).toMatchObject({ file_hash: before[0]!.file_hash, config_hash: before[0]!.config_hash })
    const third = await jobOf(blind, 'analysis:run', { assetId, analyzer: 'scenes' })
    expect(third.result).toMatchObject({ cached: true, matchedBy: 'path' })
    // Another config has no row anywhere: it needs ffmpeg, which cannot start.
    const other = await jobOf(blind, 'analysis:run', { assetId, analyzer: 'scenes', config: { threshold: 0.5 } })
    expect(other.state).toBe('failed')
  })

  it('answers a processing run from a run on the same bytes under another path, while its output is there', async () => {
    const lib = testLibrary()
    const { items } = await importAndWait(lib, [fixtures.mp4])
    const assetId = items[0]!.asset!.id
    const config = { height: 144 }
    const first = await jobOf(lib, 'processing:run', { assetId, action: 'proxy', config })
    expect(first.result).toEqual(expect.not.objectContaining({ matchedBy: expect.anything() }))
    const outputAssetId = (first.result as { outputAssetId: string }).outputAssetId
    lib.sqlite.db.prepare('UPDATE processing_jobs SET input_path = ?').run(ELSEWHERE)
    const before = rows(lib, 'processing_jobs')

    const blind = withoutFfmpeg(lib)
    const again = await jobOf(blind, 'processing:run', { assetId, action: 'proxy', config })
    expect(again.state).toBe('done')
    expect(again.result).toMatchObject({ cached: true, matchedBy: 'content', outputAssetId })
    const after = rows(blind, 'processing_jobs')
    expect(after[0]).toEqual(before[0])
    expect(after).toHaveLength(2)
    expect(after[1]).toMatchObject({ input_hash: before[0]!.input_hash, output_path: before[0]!.output_path })
    expect(JSON.parse(after[1]!.metadata as string)).toMatchObject({
      inputAssetId: assetId,
      sameContentAs: before[0]!.job_id,
    })
  })

  it('looks rows up by content through the indexes of migration 0230, never by a scan', () => {
    const lib = testLibrary()
    const plan = (sql: string, args: string[]) =>
      (lib.sqlite.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((row) => row.detail)
    const analyses = plan(ANALYSIS_BY_CONTENT_SQL, ['h', 'c', 'l', 'c'])
    expect(analyses.join('\n')).toMatch(
      /SEARCH analysis_jobs USING INDEX analysis_jobs_content \(file_hash=\? AND config_hash=\?\)/,
    )
    expect(analyses.join('\n')).not.toMatch(/SCAN analysis_jobs/)
    const processing = plan(PROCESSING_BY_CONTENT_SQL, ['h', 'c', 'l', 'proxy', 'c'])
    expect(processing.join('\n')).toMatch(
      /SEARCH processing_jobs USING INDEX processing_jobs_content \(input_hash=\?\)/,
    )
    expect(processing.join('\n')).not.toMatch(/SCAN processing_jobs/)
  })
})
