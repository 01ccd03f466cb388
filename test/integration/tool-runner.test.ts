import { EventEmitter } from 'node:events'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startUtilityHelper } from '../../main/electron/utility-helper'
import { forkHelper, type StartHelper } from '../../main/media/helper-process'
import { resolveMediaTools } from '../../main/media/media-tools'
import { runTool, ToolError } from '../../main/media/tool-io'
import { createToolRunner } from '../../main/media/tool-runner'
import { tempDir } from '../helpers/temp-dir'
import { rejection } from '../helpers/rejection'

// Electron cannot run here. Its utilityProcess.fork is replaced by a recorder that starts the
// real child script in Node with an Electron-like process.parentPort (test/helpers/fake-parent-port.mjs),
// so the utility-process path runs the real child, real ffmpeg/ffprobe, only without Electron.
const utility = vi.hoisted(() => ({ forks: [] as { modulePath: string; options: Record<string, unknown> }[] }))
vi.mock('electron', async () => {
  const { fork } = await import('node:child_process')
  const { EventEmitter: Emitter } = await import('node:events')
  const fakePort = new URL('../helpers/fake-parent-port.mjs', import.meta.url).href
  return {
    utilityProcess: {
      fork(modulePath: string, args: string[], options: { execArgv?: string[] } & Record<string, unknown>) {
        utility.forks.push({ modulePath, options })
        const child = fork(modulePath, args, {
          execArgv: [...(options.execArgv ?? []), '--import', fakePort],
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        })
        const proc = Object.assign(new Emitter(), {
          postMessage: (message: unknown) => child.send({ toParentPort: message }),
          kill: () => child.kill(),
        })
        child.on('message', (envelope: { fromParentPort?: unknown }) => {
          // A reply that bypassed parentPort would never reach a real utility process's parent.
          if (envelope && 'fromParentPort' in envelope) proc.emit('message', envelope.fromParentPort)
          else child.kill('SIGKILL')
        })
        child.on('exit', (code) => proc.emit('exit', code ?? 1))
        child.on('error', () => child.kill('SIGKILL'))
        return proc
      },
    },
  }
})

const { ffmpeg, ffprobe } = resolveMediaTools()

/**
 * ffmpeg arguments for a run that never ends by itself, however fast the machine: an endless test pattern read at
 * its real rate (-re), each frame's checksum line written to `out` as it is made.
 */
const neverEnding = (out: string) => [
  ...['-v', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=25'],
  ...['-f', 'framecrc', '-flush_packets', '1', out],
]

const linesIn = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 1 : 0)

/** The pids of running processes whose arguments name `marker` (Linux: read from /proc). */
function toolPids(marker: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(marker)
      } catch {
        return false // gone meanwhile
      }
    })
    .map(Number)
}

async function until(holds: () => boolean): Promise<void> {
  for (const end = Date.now() + 20_000; !holds(); await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (Date.now() > end) throw new Error('the tool never started writing')
  }
}
const runners: Array<ReturnType<typeof createToolRunner>> = []
afterEach(() => {
  for (const runner of runners.splice(0)) runner.close()
})

describe.each<[string, StartHelper]>([
  ['forked (Node)', forkHelper],
  ['utility process (Electron)', startUtilityHelper],
])('tool runner process, %s', (_name, startHelper) => {
  function runner() {
    const made = createToolRunner(startHelper)
    runners.push(made)
    return made
  }

  it('returns what the tool printed', async () => {
    const { stdout } = await runner().run(ffprobe, ['-version'])
    expect(stdout).toMatch(/^ffprobe version/)
  })

  it('fails like runTool does: a ToolError with the exit code, stderr and the same message', async () => {
    const missing = path.join(tempDir(), 'missing.mp4')
    const viaRunner = await rejection(runner().run(ffprobe, ['-v', 'error', missing]))
    const direct = await rejection(runTool(ffprobe, ['-v', 'error', missing]))
    expect(viaRunner).toBeInstanceOf(ToolError)
    expect(viaRunner).toMatchObject({ exitCode: 1, message: direct.message, stderr: (direct as ToolError).stderr })
    const unstartable = await rejection(runner().run(path.join(tempDir(), 'no-such-tool'), []))
    expect(unstartable).toMatchObject({ exitCode: null, outcome: 'could not start (ENOENT)' })
  })

  it('kills the tool on abort and keeps serving afterwards', async () => {
    const tools = runner()
    const controller = new AbortController()
    const out = path.join(tempDir(), 'frames.crc')
    const long = tools.run(ffmpeg, neverEnding(out), { signal: controller.signal })
    // Aborted once the tool runs and writes: the run can only settle because the tool was killed.
    await until(() => linesIn(out) > 3 && toolPids(out).length === 1)
    const [pid] = toolPids(out)
    controller.abort()
    expect((await rejection(long)).name).toBe('AbortError')
    expect(existsSync(`/proc/${pid}`)).toBe(false)
    expect((await tools.run(ffprobe, ['-version'])).stdout).toMatch(/^ffprobe version/)
  })

  it('rejects runs in flight when it is closed, and starts a new process for the next run', async () => {
    const tools = runner()
    const long = tools.run(ffmpeg, neverEnding(path.join(tempDir(), 'frames.crc')))
    tools.close()
    expect((await rejection(long)).message).toMatch(/was stopped with its runner process/)
    expect((await tools.run(ffprobe, ['-version'])).stdout).toMatch(/^ffprobe version/)
  })
})

describe('tool runner under Electron', () => {
  it('starts the child script by file path as a named utility process, never with child_process.fork', async () => {
    utility.forks.length = 0
    const tools = createToolRunner(startUtilityHelper)
    runners.push(tools)
    await tools.run(ffprobe, ['-version'])
    expect(utility.forks).toHaveLength(1)
    const [{ modulePath, options }] = utility.forks
    expect(path.isAbsolute(modulePath)).toBe(true)
    // The bundle the setup made (main/media/worker-script.ts); the packaged app's is beside its main bundle.
    expect(path.basename(modulePath)).toBe('tool-runner-child.js')
    expect(options).toMatchObject({ serviceName: 'Framevault tools' })
  })

  it('runs of a helper that is gone fail, runs of its successor do not', async () => {
    const helpers: Array<EventEmitter & { kill(): void }> = []
    // Wraps the Node helper so the test can hold the first process's exit back until the second one works.
    const delayedExit: StartHelper = (script) => {
      const helper = forkHelper(script)
      const exits = Object.assign(new EventEmitter(), { kill: helper.kill })
      helpers.push(exits)
      helper.onExit((reason) => exits.emit('held', reason))
      return { ...helper, onExit: (listener) => void exits.on('release', listener) }
    }
    const tools = createToolRunner(delayedExit)
    runners.push(tools)
    const first = tools.run(ffmpeg, neverEnding(path.join(tempDir(), 'frames.crc')))
    const reason = new Promise<string>((resolve) => helpers[0].once('held', resolve))
    tools.close()
    const second = tools.run(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc', '-t', '1', '-f', 'null', '-'])
    helpers[0].emit('release', await reason)
    expect((await rejection(first)).message).toMatch(/was stopped with its runner process/)
    await expect(second).resolves.toMatchObject({ stderr: '' })
  })
})
