import Database from 'better-sqlite3'
import path from 'node:path'
import { AppError } from '../../shared/errors'
import { readCaches } from '../db/repos/external-caches'
import type { Library } from '../services/library-context'
import type { CliBackend } from './cli-backend'
import { configHash } from '../hashing/canonical-json'
import { parseConfigText } from '../hashing/config-text'
import { expectArgs, isOneOf } from './cli-args'
import { runJob } from './run-job'

/** Options of the analysis commands, merged into the CLI's parseArgs options. */
export const ANALYSIS_OPTIONS = { config: { type: 'string' }, db: { type: 'string' } } as const

export const ANALYSIS_USAGE = `  analyze <analyzer> [--config JSON] [--force] <asset id or path>
                             run scenes, silence, black, freeze or loudness on an asset (by id, or
                             by its file or original path), cache first: prints {"cached", "analysis"}
                             with the ranges; --force runs it even when cached. Progress on stderr
  process <action> [--config JSON] [--force] <asset id or path>
                             run convert, extract_segment, extract_audio or proxy on an asset, cache first: the output
                             becomes a library asset (source type processed); prints {cached,
                             outputAssetId, run}. Progress on stderr
  config-hash <JSON>         print the "sha256:..." config hash of a JSON config (the bytes Python's
                             json.dumps(sort_keys=True, separators=(",", ":")) writes for json.loads of
                             the text: 1.0 stays 1.0, -0.0 stays -0.0, big integers keep every digit;
                             no library needed)
  cache ls [--db FILE]       one JSON line per cached analysis and processing run, newest first, of the
                             library or of any SQLite file with those tables (read only)`

const COMMANDS = ['analyze', 'process', 'config-hash', 'cache'] as const
type AnalysisCommand = (typeof COMMANDS)[number]
const LISTED = 10_000

/** True for `analyze`, `process`, `config-hash` and `cache`. */
export function isAnalysisCommand(command: string): command is AnalysisCommand {
  return isOneOf(COMMANDS, command)
}

/** Whether the command needs the library open (`config-hash` and `cache ls --db` do not). */
export function needsLibrary(command: AnalysisCommand, values: { db?: string }): boolean {
  return command === 'analyze' || command === 'process' || (command === 'cache' && values.db === undefined)
}

/**
 * Runs one analysis command (`backend` is null when it needs none; `library` is there when this process opened it,
 * for what only it knows: files by path, the plugin caches); resolves to the exit status.
 */
export async function runAnalysisCommand(
  { backend, library }: { backend: CliBackend | null; library?: Library },
  command: AnalysisCommand,
  args: string[],
  values: { config?: string; db?: string; force?: boolean },
  print: (value: unknown) => void,
  report: (line: string) => void,
): Promise<number> {
  if (command === 'config-hash') {
    expectArgs(command, args, { min: 1, max: 1, needs: 'a JSON config' })
    // Read as Python reads it: 1.0 stays a float, big integers keep their digits.
    print(configHash(parseJson(args[0]!, 'The config', parseConfigText)))
    return 0
  }
  if (command === 'cache') {
    expectArgs(command, args, { min: 1, max: 1, needs: '"ls"' })
    if (args[0] !== 'ls') throw new AppError('validation', `Unknown cache command "${args[0]}": try "cache ls".`)
    const caches = values.db === undefined ? await libraryCaches(local(library, 'cache ls')) : fileCaches(values.db)
    for (const analysis of caches.analyses) print({ table: 'analysis_jobs', ...analysis })
    for (const run of caches.processing) print({ table: 'processing_jobs', ...run })
    return 0
  }
  const what = command === 'analyze' ? 'an analyzer' : 'an action'
  expectArgs(command, args, { min: 2, max: 2, needs: `${what} and an asset` })
  const [name, which] = args as [string, string]
  const config = values.config === undefined ? undefined : parseJson(values.config, 'The --config')
  const asked = { assetId: await assetIdOf(library, which), config, force: values.force }
  return command === 'analyze'
    ? runJob(backend!, 'analysis:run', { ...asked, analyzer: name }, print, report)
    : runJob(backend!, 'processing:run', { ...asked, action: name }, print, report)
}

/** An asset id, or (in a library this process opened) the asset whose library file or original path is `which`. */
async function assetIdOf(library: Library | undefined, which: string): Promise<string> {
  if (!library) return which
  const { media } = library.catalog.repos
  if (await media.get(which)) return which
  const file = path.resolve(which)
  const asset = (await media.byPath(file)) ?? (await media.byOriginalPath(file))
  if (!asset) throw new AppError('not_found', `No asset with id or path ${which}: import it first.`)
  return asset.id
}

/** The library this process opened, which `command` needs: it reads what no channel gives. */
function local(library: Library | undefined, command: string): Library {
  if (!library)
    throw new AppError('validation', `${command} reads a library's own files: give --library DIR, not --hub.`)
  return library
}

async function libraryCaches(library: Library) {
  const { analyses, processing } = library.catalog.repos
  return { analyses: await analyses.listJobs(LISTED), processing: await processing.listJobs(LISTED) }
}

function fileCaches(file: string) {
  const db = new Database(path.resolve(file), { readonly: true, fileMustExist: true })
  try {
    return readCaches(db, LISTED, file)
  } finally {
    db.close()
  }
}

function parseJson(text: string, what: string, parse: (text: string) => unknown = JSON.parse): unknown {
  try {
    return parse(text)
  } catch (error) {
    throw new AppError('validation', `${what} is not JSON: ${(error as Error).message}`)
  }
}
