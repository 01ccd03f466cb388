import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'
import type { Job, PipelineRun, PipelineRunResult } from '../../shared/contract'
import { writeWordClip } from '../fixtures/on-screen-word-clip'
import { resolveMediaTools } from '../../main/media/media-tools'
import { timelineFolderKey } from '../../main/services/pipelines/timelines'
import { call } from '../helpers/browse'
import { cli, jsonLines, spawnCli } from '../helpers/cli'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

// Issue 19: SIGKILL during `text` leaves the finished checkpoints, no half frame under a real name, the run failed
// as interrupted; the next run reuses the cached stages. Issue 38.7: killed while sampling, or while its frames
// moved in, a run left its scratch folder, a timeline "created, 0 frames" and frames without rows until the next
// run; the next open clears them.

const JPEG_END = Buffer.from([0xff, 0xd9])

describe('a pipeline run killed midway', () => {
  it(
    'keeps its finished checkpoints and whole frames, and the next run starts from the cache',
    { timeout: 120_000 },
    async () => {
      const dir = tempDir()
      const library = path.join(dir, 'library')
      const imported = await cli(['import', writeWordClip(dir), '--library', library])
      expect(imported.code).toBe(0)
      const assetId = jsonLines<{ asset: { id: string } }>(imported.stdout)[0]!.asset.id
      // A Tesseract that takes a second a frame, so the kill lands while text runs.
      const slow = path.join(dir, 'slow-tesseract')
      writeFileSync(slow, '#!/bin/sh\nsleep 1\nexec tesseract "$@"\n')
      chmodSync(slow, 0o755)
      const child = spawnCli(
        [
          'pipeline',
          'run',
          assetId,
          '--stages',
          'frames,dedupe_frames,text,match',
          '--config',
          '{"match":{"terms":["ACME"]}}',
          '--library',
          library,
        ],
        { FRAMEVAULT_TESSERACT: slow },
      )
      const gone = new Promise((resolve) => child.once('close', resolve))
      for await (const line of createInterface({ input: child.stderr! })) {
        if (line.startsWith('{') && (JSON.parse(line) as { doing?: string }).doing === 'text') break
      }
      child.kill('SIGKILL')
      await gone

      const lib = testLibrary(library)
      await lib.jobs.swept
      const view = await call<{
        runs: PipelineRun[]
        checkpoints: { id: number; stage: string | null }[]
        timelines: { id: number; frameCount: number }[]
      }>(lib, 'pipelines:of-asset', { assetId })
      expect(view.runs).toHaveLength(1)
      expect(view.runs[0]).toMatchObject({ status: 'failed', interrupted: true })
      expect(view.checkpoints.map((one) => one.stage)).toEqual([null, 'dedupe_frames'])
      // Every frame under its real name is whole, and there are as many as the timeline says.
      const frameFiles = readdirSync(path.join(library, 'derived', 'timelines'), {
        recursive: true,
        withFileTypes: true,
      })
        .filter((entry) => entry.isFile() && !entry.parentPath.includes('.staging'))
        .map((entry) => path.join(entry.parentPath, entry.name))
      expect(frameFiles).toHaveLength(view.timelines[0]!.frameCount)
      for (const file of frameFiles) {
        expect(path.basename(file)).toMatch(/^\d{6}\.jpg$/)
        expect(readFileSync(file).subarray(-2).equals(JPEG_END)).toBe(true)
      }

      const started = await call<{ job: Job }>(lib, 'pipelines:run', {
        assetId,
        stages: ['frames', 'dedupe_frames', 'text', 'match'],
        config: { match: { terms: ['ACME'] } },
      })
      await lib.jobs.settled(started.job.id)
      const result = (await lib.jobs.get(started.job.id)).result as PipelineRunResult
      expect(result.cached).toEqual(['frames', 'dedupe_frames'])
      expect(result.ran).toEqual(['text', 'match'])
    },
  )

  it('leaves nothing of a timeline it was sampling once the library opens again', { timeout: 120_000 }, async () => {
    const dir = tempDir()
    const library = path.join(dir, 'library')
    const imported = await cli(['import', writeWordClip(dir), '--library', library])
    const assetId = jsonLines<{ asset: { id: string } }>(imported.stdout)[0]!.asset.id
    // An ffmpeg that writes every frame, then lingers: the kill lands with the frames sampled, none moved in.
    const lingering = path.join(dir, 'lingering-ffmpeg')
    writeFileSync(lingering, `#!/bin/sh\n"${resolveMediaTools().ffmpeg}" "$@"\nstatus=$?\nsleep 20\nexit $status\n`)
    chmodSync(lingering, 0o755)
    const child = spawnCli(['pipeline', 'run', assetId, '--stages', 'frames', '--library', library], {
      FRAMEVAULT_FFMPEG: lingering,
    })
    const gone = new Promise((resolve) => child.once('close', resolve))
    const scratch = path.join(library, 'tmp', 'scratch')
    const sampled = () => readdirSync(scratch, { recursive: true }).filter((name) => String(name).endsWith('.jpg'))
    for await (const line of createInterface({ input: child.stderr! })) {
      if (line.startsWith('{') && (JSON.parse(line) as { doing?: string }).doing === 'sampling frames') break
    }
    while (sampled().length === 0) await new Promise((resolve) => setTimeout(resolve, 50))
    child.kill('SIGKILL')
    await gone

    const lib = testLibrary(library)
    const view = await call<{ timelines: unknown[] }>(lib, 'pipelines:of-asset', { assetId })
    expect(view.timelines).toEqual([])
    await lib.close()
    expect(readdirSync(scratch)).toEqual([])
    expect(existsSync(path.join(library, 'derived', 'timelines'))).toBe(false)
  })

  it('clears frames moved in under their keys whose facts were never stored', async () => {
    const library = path.join(tempDir(), 'library')
    const lib = testLibrary(library)
    const contentHash = `sha256:${'ef'.repeat(32)}`
    const id = await lib.catalog.repos.timelines.insert({
      ...{ videoId: null, contentHash, profile: 'default', fps: 2, config: {} },
      createdAt: new Date().toISOString(),
    })
    await lib.catalog.repos.timelines.setStatus(id, 'cached', 2)
    const folder = path.join(
      library,
      'derived',
      'timelines',
      ...timelineFolderKey(contentHash, 'default', 2).split('/'),
    )
    mkdirSync(folder, { recursive: true })
    for (const name of ['000000.jpg', '000001.jpg']) writeFileSync(path.join(folder, name), JPEG_END)
    await lib.close()

    const reopened = testLibrary(library)
    expect(await reopened.catalog.repos.timelines.get(id)).toBeUndefined()
    await reopened.close()
    expect(existsSync(folder)).toBe(false)
  })
})
