import { spawn } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { ToolError } from './tool-io'

/** Options for one streamed ffmpeg run. */
export type FfmpegRunOptions = {
  /** Kills ffmpeg (SIGKILL); the run then rejects with an AbortError once the process has exited. */
  signal?: AbortSignal
  /** The output time reached, in seconds, as ffmpeg reports it (about twice a second). */
  onProgress?: (seconds: number) => void
  /** Called with every stderr line as it arrives, for parsers that keep a running summary. */
  onLine?: (line: string) => void
  /** Which stderr lines the result keeps (default: all). */
  keepLine?: (line: string) => boolean
  /** Most characters of kept lines; a run printing more is killed and rejects (default 16 MiB). */
  maxKeptChars?: number
}

/** What a successful run printed. */
export type FfmpegRunResult = {
  /** The kept stderr lines. */
  lines: string[]
  /** The last output time ffmpeg reported, in seconds; null when it reported none. */
  outTime: number | null
}

const DEFAULT_MAX_KEPT = 16 * 1024 * 1024
// Analyses, processing and frame hashing are background work: at a lower CPU priority than the app, so a batch
// keeping every core busy with ffmpeg does not starve the process that answers the page (issue 22, point 5).
const BACKGROUND_PRIORITY = 10
// Enough of stderr for ToolError's message (which keeps the last 1000 characters of the distinct lines).
const TAIL_LINES = 200
const MAX_LINE_CHARS = 64 * 1024

/**
 * Runs ffmpeg without a shell with `-hide_banner -nostdin -progress pipe:1 -nostats` added, streaming its progress and stderr lines;
 * resolves with the kept stderr lines, rejects with ToolError or (aborted) an AbortError after the child is gone.
 */
export function runFfmpeg(
  ffmpegPath: string,
  args: string[],
  options: FfmpegRunOptions = {},
): Promise<FfmpegRunResult> {
  const { signal, onProgress, onLine, keepLine, maxKeptChars = DEFAULT_MAX_KEPT } = options
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal))
    const child = startFfmpeg(ffmpegPath, ['-progress', 'pipe:1', '-nostats', ...args])
    const { tool } = child
    const lines: string[] = []
    const tail: string[] = []
    let kept = 0
    let outTime: number | null = null
    // The first failure wins: an abort, an overflow, a stream or spawn error, then the exit status.
    let failure: Error | undefined

    const stop = (error: Error) => {
      failure ??= error
      child.kill()
    }
    const onAbort = () => stop(abortError(signal))
    signal?.addEventListener('abort', onAbort, { once: true })

    const stderrLine = (line: string) => {
      if (!line) return
      tail.push(line)
      if (tail.length > TAIL_LINES) tail.shift()
      try {
        onLine?.(line)
        if (keepLine && !keepLine(line)) return
      } catch (error) {
        return stop(error as Error)
      }
      kept += line.length + 1
      if (kept > maxKeptChars)
        return stop(new ToolError(tool, null, tail.join('\n'), `printed more than ${maxKeptChars} characters of log`))
      lines.push(line)
    }
    const progressLine = (line: string) => {
      // out_time_ms is microseconds too (a historical misnomer); ffmpeg ≥ 4.2 also prints out_time_us.
      const match = /^out_time_(?:us|ms)=(\d+)$/.exec(line)
      if (!match) return
      const seconds = Number(match[1]) / 1e6
      if (seconds === outTime) return
      outTime = seconds
      try {
        onProgress?.(seconds)
      } catch (error) {
        stop(error as Error)
      }
    }

    splitLines(child.stdout, progressLine, stop)
    splitLines(child.stderr, stderrLine, stop)
    void child.closed.then(({ code, killedBy, startFailure }) => {
      signal?.removeEventListener('abort', onAbort)
      failure ??= startFailure ?? undefined
      if (failure) return reject(failure)
      if (code === 0) return resolve({ lines, outTime })
      const stderr = tail.join('\n')
      if (code !== null) reject(new ToolError(tool, code, stderr, `exited with code ${code}`))
      else reject(new ToolError(tool, null, stderr, `was killed by ${killedBy ?? 'a signal'}`))
    })
  })
}

/** A started ffmpeg: its output pipes, its end, and a kill that does nothing once it has ended. */
export type FfmpegChild = {
  /** The tool's name for errors (the file name of its path). */
  tool: string
  stdout: Readable
  stderr: Readable
  /** Settles once ffmpeg has exited and both pipes have ended (never rejects): nothing of the run is left then. */
  closed: Promise<{ code: number | null; killedBy: NodeJS.Signals | null; startFailure: ToolError | null }>
  /** Kills ffmpeg (SIGKILL) if it still runs. */
  kill(): void
}

/**
 * Starts ffmpeg without a shell, at background priority, with `-hide_banner -nostdin` before `args`; stdout
 * and stderr are piped for the caller to read. Every ffmpeg the service layer runs outside the tool runner
 * (long passes, streamed frames) starts here.
 */
export function startFfmpeg(ffmpegPath: string, args: string[]): FfmpegChild {
  const tool = path.basename(ffmpegPath)
  const child = spawn(ffmpegPath, ['-hide_banner', '-nostdin', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  })
  // Set before ffmpeg starts its decoding threads, which inherit it; a system that refuses leaves it as it is.
  if (child.pid !== undefined) {
    try {
      os.setPriority(child.pid, BACKGROUND_PRIORITY)
    } catch {
      // Not allowed here (or the process is already gone): it runs at the app's priority.
    }
  }
  let startFailure: ToolError | null = null
  child.on('error', (error: NodeJS.ErrnoException) => {
    startFailure ??= new ToolError(tool, null, '', `could not start (${error.code ?? error.message})`)
  })
  // 'close' comes after the process has exited and both pipes have ended, also after a failed start.
  const closed = new Promise<Awaited<FfmpegChild['closed']>>((resolve) => {
    child.once('close', (code, killedBy) => resolve({ code, killedBy, startFailure }))
  })
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  return { tool, stdout: child.stdout, stderr: child.stderr, closed, kill }
}

/** Calls `onLine` for each line of a stream (split on \n or \r); stream errors go to `onError`. */
function splitLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void, onError: (error: Error) => void) {
  let partial = ''
  stream.setEncoding('utf8')
  stream.on('data', (chunk: string) => {
    const parts = (partial + chunk).split(/\r\n|\r|\n/)
    partial = parts.pop() ?? ''
    for (const part of parts) onLine(part)
    // A tool printing without line breaks must not grow one string without bound.
    if (partial.length > MAX_LINE_CHARS) {
      onLine(partial)
      partial = ''
    }
  })
  stream.on('end', () => {
    if (partial) onLine(partial)
    partial = ''
  })
  stream.on('error', onError)
}

function abortError(signal: AbortSignal | undefined): Error {
  return Object.assign(new Error('The operation was aborted', { cause: signal?.reason }), {
    name: 'AbortError',
    code: 'ABORT_ERR',
  })
}
