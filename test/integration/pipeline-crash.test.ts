import { readdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { describe, expect, it } from 'vitest'
import type { Job, PipelineRun, PipelineRunResult } from '../../shared/contract'
import { writeWordClip } from '../fixtures/on-screen-word-clip'
import { call } from '../helpers/browse'
import { cli, jsonLines, spawnCli } from '../helpers/cli'
import { testLibrary } from '../helpers/library'
import { tempDir } from '../helpers/temp-dir'

// Issue 19: SIGKILL during `text` leaves the finished checkpoints, no half frame under a real name, the run failed
// as interrupted; the next run reuses the cached stages.

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
      const result = lib.jobs.get(started.job.id).result as PipelineRunResult
      expect(result.cached).toEqual(['frames', 'dedupe_frames'])
      expect(result.ran).toEqual(['text', 'match'])
    },
  )
})
