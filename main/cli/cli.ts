import { randomUUID } from 'node:crypto'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { AppError } from '../../shared/errors'
import type { Library, LocalLibrary } from '../services/library-context'
import { openLibrary, type OpenLibraryOptions } from '../app/open-library'
import { resolveLibraryDir } from '../library/library-location'
import {
  ANALYSIS_OPTIONS,
  ANALYSIS_USAGE,
  isAnalysisCommand,
  needsLibrary,
  runAnalysisCommand,
} from './analysis-commands'
import { BACKUP_USAGE, runBackupCommand } from './backup-command'
import { CATALOG_USAGE, isCatalogCommand, runCatalogCommand } from './catalog-commands'
import { SHARE_OPTIONS } from './share-commands'
import { expectArgs } from './cli-args'
import { libraryBackend, type CliBackend } from './cli-backend'
import { runHubImport } from './hub-import'
import { remoteBackend, type RemoteBackend } from './remote-backend'
import { BROWSE_OPTIONS, BROWSE_USAGE, isBrowseCommand, runBrowseCommand } from './browse-commands'
import { HEALTH_OPTIONS, HEALTH_USAGE, isHealthCommand, runHealthCommand } from './health-commands'
import { HISTORY_OPTIONS, HISTORY_USAGE, runHistoryCommand } from './history-command'
import {
  GENERATED_OPTIONS,
  GENERATED_USAGE,
  hashFile,
  isGeneratedImport,
  runGeneratedImport,
  runImport,
} from './import-command'
import { PIPELINE_OPTIONS, PIPELINE_USAGE, isPipelineCommand, runPipelineCommand } from './pipeline-commands'
import { SIMILAR_OPTIONS, SIMILAR_USAGE, runSimilarCommand } from './similar-commands'
import { TRASH_OPTIONS, TRASH_USAGE, isTrashCommand, runTrashCommand } from './trash-commands'
import { DOWNLOAD_OPTIONS, DOWNLOAD_USAGE, runDownloadCommand } from './download-command'
import { PEOPLE_OPTIONS, PEOPLE_USAGE, runPeopleCommand } from './people-commands'
import { REVIEW_OPTIONS, REVIEW_USAGE, isReviewCommand, runReviewCommand } from './review-commands'
import { LINK_OPTIONS, LINK_USAGE, isLinkCommand, runLinkCommand } from './link-commands'
import { checkPushTarget, PUSH_OPTIONS, PUSH_USAGE, runPush } from './push-command'
import { WORKFLOW_OPTIONS, WORKFLOW_USAGE, isWorkflowCommand, runWorkflowCommand } from './workflow-commands'
import { WORKER_OPTIONS, WORKER_USAGE, runWorkerCommand } from './worker-command'

const USAGE = `Usage: npm run cli -- <command> [--library DIR | --hub URL --token T]

Commands:
  info                       print the library's facts (path, schema version, row counts, bytes) as JSON
  migrate                    bring the library's database to the current schema and print what was applied
  import [--link] <paths...> import files and folders (recursively); one JSON line per file.
                             --link keeps files where they are instead of copying them into the library;
                             --no-thumbnails returns once imported (thumbnails are made when first shown)
${GENERATED_USAGE}
  hash <file>                print the file's sampled id, SHA-256 and size as JSON (no library needed)
${BACKUP_USAGE}
${BROWSE_USAGE}
${TRASH_USAGE}
${DOWNLOAD_USAGE}
${HEALTH_USAGE}
${CATALOG_USAGE}
${ANALYSIS_USAGE}
${WORKFLOW_USAGE}
${HISTORY_USAGE}
${SIMILAR_USAGE}
${PIPELINE_USAGE}
${REVIEW_USAGE}
${LINK_USAGE}
${PEOPLE_USAGE}
${PUSH_USAGE}
${WORKER_USAGE}

The library is --library DIR, else $FRAMEVAULT_LIBRARY, else the desktop app's default. --hub URL --token T
(or $FRAMEVAULT_HUB_TOKEN) works on the library a host serves over HTTP instead (a team hub, or npm run web):
every command but migrate, backup, restore and cache ls; import uploads the files.
Exit status: 0 done, 1 error (or a file failed to import), 2 usage.`

const print = (value: unknown) => console.log(JSON.stringify(value))

// A reader that stops early (`| head`) closes the pipe: the output ends there, quietly, as other tools' does.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') console.error(`framevault: cannot write the output: ${error.message}`)
  process.exit(error.code === 'EPIPE' ? 0 : 1)
})

/** Runs one CLI command; resolves to the exit status. */
async function runCli(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      library: { type: 'string' },
      hub: { type: 'string' },
      token: { type: 'string' },
      link: { type: 'boolean' },
      'no-thumbnails': { type: 'boolean' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      ...BROWSE_OPTIONS,
      ...TRASH_OPTIONS,
      ...HEALTH_OPTIONS,
      ...ANALYSIS_OPTIONS,
      ...WORKFLOW_OPTIONS,
      ...GENERATED_OPTIONS,
      ...HISTORY_OPTIONS,
      ...SIMILAR_OPTIONS,
      ...PIPELINE_OPTIONS,
      ...PEOPLE_OPTIONS,
      ...DOWNLOAD_OPTIONS,
      ...REVIEW_OPTIONS,
      ...SHARE_OPTIONS,
      ...LINK_OPTIONS,
      ...WORKER_OPTIONS,
      ...PUSH_OPTIONS,
    },
  })
  const [command, ...args] = positionals
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  if (command === undefined) throw new AppError('validation', USAGE)
  const expectCount = (min: number, max: number) =>
    expectArgs(command, args, { min, max, needs: min === 1 ? 'an argument' : 'arguments', usage: USAGE })
  if (command === 'hash') {
    expectCount(1, 1)
    print(await hashFile(args[0]!))
    return 0
  }
  if (command === 'backup' || command === 'restore') {
    refuseHub(values, command)
    expectCount(1, 1)
    return runBackupCommand(command, args[0]!, values, print)
  }
  if (isBrowseCommand(command)) {
    return withBackend(values, (backend) => runBrowseCommand(backend, command, args, values, print))
  }
  if (isHealthCommand(command)) {
    return withBackend(values, (backend) =>
      runHealthCommand(backend, command, args, values, print, (line) => console.error(line)),
    )
  }
  if (isCatalogCommand(command)) {
    return withBackend(values, (backend) => runCatalogCommand(backend, command, args, values, print))
  }
  if (isAnalysisCommand(command)) {
    const run = (target: { backend: CliBackend | null; library?: Library }) =>
      runAnalysisCommand(target, command, args, values, print, (line) => console.error(line))
    if (!needsLibrary(command, values)) return run({ backend: null })
    if (values.hub !== undefined) return withBackend(values, (backend) => run({ backend }))
    return withLibrary(values.library, (library) => run({ backend: libraryBackend(library), library }))
  }
  if (isWorkflowCommand(command)) {
    return withBackend(values, (backend) => runWorkflowCommand(backend, command, args, values, print))
  }
  if (command === 'import-comfy-history') {
    return withBackend(values, (backend) =>
      runHistoryCommand(backend, args, values, print, (line) => console.error(line)),
    )
  }
  if (command === 'similar') {
    return withBackend(values, (backend) =>
      runSimilarCommand(backend, args, values, print, (line) => console.error(line)),
    )
  }
  if (isPipelineCommand(command)) {
    return withBackend(values, (backend) =>
      runPipelineCommand(backend, command, args, values, print, (line) => console.error(line)),
    )
  }
  if (command === 'download') {
    return withBackend(values, (backend) => runDownloadCommand(backend, args, values, print))
  }
  if (command === 'people') {
    return withBackend(values, (backend) => runPeopleCommand(backend, args, values, print))
  }
  if (isReviewCommand(command)) {
    return withBackend(values, (backend) => runReviewCommand(backend, command, args, values, print))
  }
  if (isLinkCommand(command)) {
    return withBackend(values, (backend) => runLinkCommand(backend, command, args, values, print, console.log))
  }
  if (command === 'worker') {
    expectCount(0, 0)
    return runWorkerCommand(values)
  }
  if (command === 'push') {
    expectCount(0, 0)
    const hub = checkPushTarget(values.hub)
    return withLibrary(values.library, (library) =>
      withRemote(
        { hub, token: values.token },
        (backend) => runPush(library, backend, values, print, (line) => console.error(line)),
        { action: `push:${randomUUID()}` },
      ),
    )
  }
  if (isTrashCommand(command)) {
    return withBackend(values, (backend) => runTrashCommand(backend, command, args, values, print))
  }
  if (command !== 'info' && command !== 'migrate' && command !== 'import') {
    throw new AppError('validation', `Unknown command "${command}".\n\n${USAGE}`)
  }
  if (command === 'info') {
    expectCount(0, 0)
    return withBackend(values, async (backend) => {
      console.log(JSON.stringify(await backend.call('library:info', {}), null, 2))
      return 0
    })
  }
  if (command === 'import' && values.hub !== undefined && isGeneratedImport(values)) {
    expectCount(1, 1)
    return withRemote(values, async (backend) => {
      const upload = await backend.upload(path.resolve(args[0]!), path.basename(args[0]!))
      print(await runGeneratedImport(backend, { upload }, values))
      return 0
    })
  }
  if (command === 'import' && values.hub !== undefined) {
    expectCount(1, Infinity)
    if (values.link) throw new AppError('validation', '--link keeps files where they are: a host cannot link them.')
    return withRemote(values, async (backend) => {
      const end = await runHubImport(backend, args, print, (line) => console.error(line))
      return end.state === 'done' && end.counts.failed === 0 && end.refused === 0 ? 0 : 1
    })
  }
  // migrate is the opening of a library file here.
  refuseHub(values, command)
  if (command === 'import' && isGeneratedImport(values)) {
    expectCount(1, 1)
    return withLibrary(
      values.library,
      async (library) => {
        print(await runGeneratedImport(libraryBackend(library), { path: path.resolve(args[0]!) }, values))
        await library.importer.thumbnailsIdle()
        return 0
      },
      { ingest: { thumbnailsAfterImport: !values['no-thumbnails'] } },
    )
  }
  expectCount(command === 'import' ? 1 : 0, command === 'import' ? Infinity : 0)
  return withLibrary(values.library, (library) => runLibraryCommand(library, command, args, values.link ?? false), {
    ingest: { thumbnailsAfterImport: !values['no-thumbnails'] },
  })
}

/** Where a command works: a library this process opens (`--library`, else the default one) or a host (`--hub`). */
interface Where {
  library?: string
  hub?: string
  token?: string
}

/**
 * Runs `run` through the contract on the host `--hub` names (with `--token`, else $FRAMEVAULT_HUB_TOKEN), or on the
 * library `--library` names, opened here and closed after.
 */
async function withBackend(where: Where, run: (backend: CliBackend) => Promise<number>): Promise<number> {
  if (where.hub === undefined) return withLibrary(where.library, (library) => run(libraryBackend(library)))
  return withRemote(where, run)
}

/** Runs `run` on the host `--hub` names, with `--token` (else $FRAMEVAULT_HUB_TOKEN). */
async function withRemote(
  where: Where,
  run: (backend: RemoteBackend) => Promise<number>,
  act?: { action: string },
): Promise<number> {
  if (where.library !== undefined) throw new AppError('validation', 'Give --library DIR or --hub URL, not both.')
  const token = where.token ?? process.env.FRAMEVAULT_HUB_TOKEN
  if (!token)
    throw new AppError('validation', '--hub needs --token T (or $FRAMEVAULT_HUB_TOKEN): the token the hub gave you.')
  return run(remoteBackend(where.hub!, token, act))
}

/** Refuses `--hub` for a command that works on a library's own files, on this machine. */
function refuseHub(where: Where, command: string): void {
  if (where.hub !== undefined) {
    throw new AppError('validation', `${command} works on a library on this machine: give --library DIR, not --hub.`)
  }
}

/** Opens the library `--library` names (or the default one), runs `run` on it and closes it whatever happens. */
async function withLibrary(
  dir: string | undefined,
  run: (library: LocalLibrary) => Promise<number>,
  options?: OpenLibraryOptions,
): Promise<number> {
  const library = openLibrary(resolveLibraryDir(dir), options)
  try {
    return await run(library)
  } finally {
    await library.close()
  }
}

async function runLibraryCommand(library: LocalLibrary, command: 'migrate' | 'import', args: string[], link: boolean) {
  if (command === 'migrate') {
    console.log(JSON.stringify({ path: library.dir, ...library.sqlite.migration }, null, 2))
    return 0
  }
  const job = await runImport(library, args, link, print, (line) => console.error(line))
  return job.state === 'done' && job.counts.failed === 0 ? 0 : 1
}

runCli(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status
  },
  (error: unknown) => {
    const code = error instanceof AppError ? error.code : 'internal'
    console.error(code === 'validation' ? (error as Error).message : `framevault: ${(error as Error).message}`)
    process.exit(code === 'validation' ? 2 : 1)
  },
)
