import { parseArgs } from 'node:util'
import { AppError } from '../../shared/errors'
import { dispatch } from '../dispatch'
import { openLibrary } from '../library/library'
import { resolveLibraryDir } from '../library/library-location'

const USAGE = `Usage: npm run cli -- <command> [--library DIR]

Commands:
  info      print the library's facts (path, schema version, row counts, bytes) as JSON
  migrate   bring the library's database to the current schema and print what was applied

The library is --library DIR, else $FRAMEVAULT_LIBRARY, else the desktop app's default.`

/** Runs one CLI command and returns what it prints. */
async function runCli(argv: string[]): Promise<unknown> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { library: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  })
  const [command, ...extra] = positionals
  if (values.help || command === undefined) throw new AppError('validation', USAGE)
  if (extra.length > 0) throw new AppError('validation', `Unexpected arguments: ${extra.join(' ')}\n\n${USAGE}`)
  if (command !== 'info' && command !== 'migrate') {
    throw new AppError('validation', `Unknown command "${command}".\n\n${USAGE}`)
  }
  const library = openLibrary(resolveLibraryDir(values.library))
  try {
    if (command === 'migrate') return { path: library.dir, ...library.migration }
    const envelope = await dispatch(library, 'library:info', {})
    if (!envelope.ok) throw AppError.fromShape(envelope.error)
    return envelope.data
  } finally {
    library.close()
  }
}

runCli(process.argv.slice(2)).then(
  (result) => console.log(JSON.stringify(result, null, 2)),
  (error: unknown) => {
    const code = error instanceof AppError ? error.code : 'internal'
    console.error(code === 'validation' ? (error as Error).message : `framevault: ${(error as Error).message}`)
    process.exit(code === 'validation' ? 2 : 1)
  },
)
