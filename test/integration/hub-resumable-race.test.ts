import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { remoteBackend } from '../../main/cli/remote-backend'
import { resolveMediaTools } from '../../main/media/media-tools'
import type { Job } from '../../shared/contract'
import type { AppError } from '../../shared/errors'
import { fakeRenderer, startHostCli, type StartedHost } from '../helpers/host-cli'
import { channelData } from '../helpers/http'
import { emptyHubDatabase } from '../helpers/sql-engines'
import { tempDir } from '../helpers/temp-dir'

// Issue 61 point 2, with real processes: two hub processes on one catalogue and one data folder are sent the same
// content as a resumable upload at once. One process writes it at a time, and what becomes the asset is the content
// itself: before, one answered 500 and the other stored both streams interleaved (twice the size) under the true
// SHA-256, in 5 of 6 trials.
/** A 3 s noisy 640x360 clip of its own (about 2 MB), different for each `trial`, and its content. */
function clip(trial: number): { file: string; sha256: string } {
  const file = path.join(tempDir(), 'clip.mp4')
  const source = `testsrc2=s=640x360:r=25:d=3,hue=h=${trial * 60},noise=alls=30:allf=t`
  execFileSync(resolveMediaTools().ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', source, '-pix_fmt', 'yuv420p', file])
  return { file, sha256: `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}` }
}

const data = <T>(hub: StartedHost, token: string, channel: string, input: unknown) =>
  channelData<T>(hub.port, token, channel, input)

/** A person's push of `file` to `hub` with the CLI's own client: the upload, or the error it ended with. */
function push(hub: StartedHost, token: string, file: string, sha256: string) {
  return remoteBackend(`http://127.0.0.1:${hub.port}`, token)
    .upload(file, 'clip.mp4', sha256)
    .then((upload) => ({ hub, upload, error: undefined }))
    .catch((error: AppError) => ({ hub, upload: undefined, error }))
}

describe('two hub processes on one data folder', () => {
  it('pushed one content at once by two people: one writes it, the other is told in words, the asset is that content (5 trials)', async () => {
    const { url } = await emptyHubDatabase()
    const folder = tempDir()
    const args = ['--data', folder, '--database', url.toString(), '--port', '0', '--renderer', fakeRenderer()]
    const first = await startHostCli('main/hub/hub-cli.ts', args)
    const second = await startHostCli('main/hub/hub-cli.ts', args)
    // The second start revoked the first one's printed token: the second's signs in on both (one catalogue).
    const token = second.token
    const refusals: string[] = []
    for (let trial = 0; trial < 5; trial++) {
      const { file, sha256 } = clip(trial)
      const pushes = await Promise.all([first, second].map((hub) => push(hub, token, file, sha256)))
      const taken = pushes.filter((pushed) => pushed.upload !== undefined)
      expect(taken.length, JSON.stringify(pushes.map((pushed) => pushed.error?.message))).toBeGreaterThanOrEqual(1)
      // The one that did not write it was told why, in words: another request has it (never a 500 or a reset).
      for (const { error } of pushes.filter((pushed) => pushed.error !== undefined)) {
        expect(error!.code, error!.message).toBe('conflict')
        refusals.push(error!.message)
      }
      const { hub, upload } = taken[0]!
      let { job } = await data<{ job: Job }>(hub, token, 'media:import-uploads', {
        uploads: [{ uploadId: upload!.uploadId, name: `clip-${trial}.mp4` }],
      })
      while (job.state === 'queued' || job.state === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 100))
        ;({ job } = await data<{ job: Job }>(hub, token, 'import:get', { jobId: job.id }))
      }
      expect(job.state, JSON.stringify(job)).toBe('done')
      // Rows name files by their key in the store: in the data folder's library/ here.
      const { items } = await data<{ items: Array<{ filePath: string }> }>(first, token, 'media:list', {
        query: `clip-${trial}`,
        view: 'full',
      })
      expect(items).toHaveLength(1)
      const stored = readFileSync(path.join(folder, 'library', items[0]!.filePath))
      expect(stored.length).toBe(statSync(file).size)
      expect(`sha256:${createHash('sha256').update(stored).digest('hex')}`).toBe(sha256)
    }
    console.log(`two pushes at once, 5 trials: ${refusals.length} told "${refusals[0] ?? '-'}"`)
  }, 240_000)
})
