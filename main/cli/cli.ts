import { parseArgs } from 'node:util'
import { AppError } from '../../shared/errors'
import type { Library } from '../app/library-context'
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
import { expectArgs } from './cli-args'
import { libraryBackend, type CliBackend } from './cli-backend'
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
import { WORKFLOW_OPTIONS, WORKFLOW_USAGE, isWorkflowCommand, runWorkflowCommand } from './workflow-commands'

const USAGE = `Usage: npm run cli -- <command> [--library DIR]

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
${HEALTH_USAGE}
${CATALOG_USAGE}
${ANALYSIS_USAGE}
${WORKFLOW_USAGE}
${HISTORY_USAGE}
${SIMILAR_USAGE}
${PIPELINE_USAGE}

The library is --library DIR, else $FRAMEVAULT_LIBRARY, else the desktop app's default.
Exit status: 0 done, 1 error (or a file failed to import), 2 usage.`

const print = (value: unknown) => console.log(JSON.stringify(value))

/** Runs one CLI command; resolves to the exit status. */
async function runCli(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      library: { type: 'string' },
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
    expectCount(1, 1)
    return runBackupCommand(command, args[0]!, values, print)
  }
  if (isBrowseCommand(command)) {
    return withBackend(values.library, (backend) => runBrowseCommand(backend, command, args, values, print))
  }
  if (isHealthCommand(command)) {
    return withBackend(values.library, (backend) =>
      runHealthCommand(backend, command, args, values, print, (line) => console.error(line)),
    )
  }
  if (isCatalogCommand(command)) {
    return withBackend(values.library, (backend) => runCatalogCommand(backend, command, args, print))
  }
  if (isAnalysisCommand(command)) {
    const run = (target: { backend: CliBackend | null; library?: Library }) =>
      runAnalysisCommand(target, command, args, values, print, (line) => console.error(line))
    return needsLibrary(command, values)
      ? withLibrary(values.library, (library) => run({ backend: libraryBackend(library), library }))
      : run({ backend: null })
  }
  if (isWorkflowCommand(command)) {
    return withBackend(values.library, (backend) => runWorkflowCommand(backend, command, args, values, print))
  }
  if (command === 'import-comfy-history') {
    return withBackend(values.library, (backend) =>
      runHistoryCommand(backend, args, values, print, (line) => console.error(line)),
    )
  }
  if (command === 'similar') {
    return withBackend(values.library, (backend) =>
      runSimilarCommand(backend, args, values, print, (line) => console.error(line)),
    )
  }
  if (isPipelineCommand(command)) {
    return withBackend(values.library, (backend) =>
      runPipelineCommand(backend, command, args, values, print, (line) => console.error(line)),
    )
  }
  if (isTrashCommand(command)) {
    return withBackend(values.library, (backend) => runTrashCommand(backend, command, args, values, print))
  }
  if (command !== 'info' && command !== 'migrate' && command !== 'import') {
    throw new AppError('validation', `Unknown command "${command}".\n\n${USAGE}`)
  }
  if (command === 'import' && isGeneratedImport(values)) {
    expectCount(1, 1)
    return withLibrary(
      values.library,
      async (library) => {
        print(await runGeneratedImport(library, args[0]!, values))
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

/** Runs `run` on the library `--library` names (or the default one), through the contract as a remote host would be. */
async function withBackend(dir: string | undefined, run: (backend: CliBackend) => Promise<number>): Promise<number> {
  return withLibrary(dir, (library) => run(libraryBackend(library)))
}

/** Opens the library `--library` names (or the default one), runs `run` on it and closes it whatever happens. */
async function withLibrary(
  dir: string | undefined,
  run: (library: Library) => Promise<number>,
  options?: OpenLibraryOptions,
): Promise<number> {
  const library = openLibrary(resolveLibraryDir(dir), options)
  try {
    return await run(library)
  } finally {
    await library.close()
  }
}

async function runLibraryCommand(
  library: Library,
  command: 'info' | 'migrate' | 'import',
  args: string[],
  link: boolean,
) {
  if (command === 'migrate') {
    console.log(JSON.stringify({ path: library.dir, ...library.migration }, null, 2))
    return 0
  }
  if (command === 'import') {
    const job = await runImport(library, args, link, print, (line) => console.error(line))
    return job.state === 'done' && job.counts.failed === 0 ? 0 : 1
  }
  console.log(JSON.stringify(await libraryBackend(library).call('library:info', {}), null, 2))
  return 0
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
