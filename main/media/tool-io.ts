import { execFile, type ExecFileException } from 'node:child_process'
import path from 'node:path'

/** What a media tool printed on a successful run. */
export type ToolOutput = { stdout: string; stderr: string }

/** Options for one media tool run. */
export type RunToolOptions = {
  signal?: AbortSignal
  maxBuffer?: number
  /** Variables set for the tool on top of this process's environment. */
  env?: Record<string, string>
}

/** Runs a media tool and resolves to its output: `runTool` here, or a tool runner process's `run`. */
export type RunTool = (toolPath: string, args: string[], options?: RunToolOptions) => Promise<ToolOutput>

const STDERR_TAIL_CHARS = 1000

/** A media tool (ffmpeg, ffprobe) that could not start, failed or was killed; the message ends with its stderr tail. */
export class ToolError extends Error {
  override name = 'ToolError'

  constructor(
    readonly tool: string,
    readonly exitCode: number | null,
    readonly stderr: string,
    /** What happened, e.g. "exited with code 1". */
    readonly outcome: string,
  ) {
    const tail = stderrTail(stderr)
    super(tail ? `${tool} ${outcome}: ${tail}` : `${tool} ${outcome}`)
  }
}

/**
 * The last lines of a tool's stderr, joined on one line, short enough for a message. The
 * `[webp @ 0x55d…]` context prefixes of ffmpeg's log lines are dropped: they differ on every
 * run and tell a person nothing; lines that read the same without them are kept once.
 */
export function stderrTail(stderr: string): string {
  const lines = stderr.split('\n').map((line) => line.replace(/^\[[^\]]* @ 0x[0-9a-f]+\]\s*/i, '').trim())
  const text = [...new Set(lines.filter(Boolean))].join(' | ')
  return text.length > STDERR_TAIL_CHARS ? `…${text.slice(-STDERR_TAIL_CHARS)}` : text
}

/** Runs a tool as a child process without a shell; rejects with ToolError, or with an AbortError when aborted. */
export function runTool(toolPath: string, args: string[], options: RunToolOptions = {}): Promise<ToolOutput> {
  const tool = path.basename(toolPath)
  const execOptions = {
    signal: options.signal,
    // An aborted run's output is thrown away, so there is nothing for the tool to finish cleanly.
    killSignal: 'SIGKILL' as const,
    maxBuffer: options.maxBuffer ?? 64 * 1024 * 1024,
    windowsHide: true,
    ...(options.env && { env: { ...process.env, ...options.env } }),
  }
  return new Promise((resolve, reject) => {
    const child = execFile(toolPath, args, execOptions, (error, stdout, stderr) => {
      if (!error) return resolve({ stdout, stderr })
      if (error.name !== 'AbortError') return reject(toolError(tool, error, stderr))
      // execFile reports an abort before the process has exited; settle only once it is gone.
      if (child.exitCode === null && child.signalCode === null) child.once('exit', () => reject(error))
      else reject(error)
    })
  })
}

function toolError(tool: string, error: ExecFileException, stderr: string): ToolError {
  if (typeof error.code === 'string') return new ToolError(tool, null, '', `could not start (${error.code})`)
  if (typeof error.code === 'number') return new ToolError(tool, error.code, stderr, `exited with code ${error.code}`)
  return new ToolError(tool, null, stderr, `was killed by ${error.signal ?? 'a signal'}`)
}
