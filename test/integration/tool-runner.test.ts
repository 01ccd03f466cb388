import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { resolveMediaTools } from '../../main/media/media-tools'
import { runTool, ToolError } from '../../main/media/tool-io'
import { createToolRunner } from '../../main/media/tool-runner'
import { tempDir } from '../helpers/temp-dir'

const { ffmpeg, ffprobe } = resolveMediaTools()
const runners: Array<ReturnType<typeof createToolRunner>> = []
afterEach(() => {
  for (const runner of runners.splice(0)) runner.close()
})
function runner() {
  const made = createToolRunner()
  runners.push(made)
  return made
}

async function failure(work: Promise<unknown>): Promise<Error> {
  try {
    await work
  } catch (error) {
    return error as Error
  }
  throw new Error('expected a rejection')
}

describe('tool runner process', () => {
  it('returns what the tool printed', async () => {
    const { stdout } = await runner().run(ffprobe, ['-version'])
    expect(stdout).toMatch(/^ffprobe version/)
  })

  it('fails like runTool does: a ToolError with the exit code, stderr and the same message', async () => {
    const missing = path.join(tempDir(), 'missing.mp4')
    const viaRunner = await failure(runner().run(ffprobe, ['-v', 'error', missing]))
    const direct = await failure(runTool(ffprobe, ['-v', 'error', missing]))
    expect(viaRunner).toBeInstanceOf(ToolError)
    expect(viaRunner).toMatchObject({ exitCode: 1, message: direct.message, stderr: (direct as ToolError).stderr })
    const unstartable = await failure(runner().run(path.join(tempDir(), 'no-such-tool'), []))
    expect(unstartable).toMatchObject({ exitCode: null, outcome: 'could not start (ENOENT)' })
  })

  it('kills the tool on abort and keeps serving afterwards', async () => {
    const tools = runner()
    const controller = new AbortController()
    const long = tools.run(
      ffmpeg,
      ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=25', '-t', '600', '-f', 'null', '-'],
      {
        signal: controller.signal,
      },
    )
    setTimeout(() => controller.abort(), 200)
    expect((await failure(long)).name).toBe('AbortError')
    expect((await tools.run(ffprobe, ['-version'])).stdout).toMatch(/^ffprobe version/)
  })

  it('rejects runs in flight when it is closed, and starts a new process for the next run', async () => {
    const tools = runner()
    const long = tools.run(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc', '-t', '600', '-f', 'null', '-'])
    tools.close()
    expect((await failure(long)).message).toMatch(/was stopped with its runner process/)
    expect((await tools.run(ffprobe, ['-version'])).stdout).toMatch(/^ffprobe version/)
  })
})
