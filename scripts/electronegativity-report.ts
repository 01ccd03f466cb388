// Reading Electronegativity's CSV and deciding what fails the gate (check-electron-security.ts),
// and reading that script's arguments.

/** One finding of Electronegativity, as its CSV states it. */
export interface Finding {
  check: string
  severity: 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL'
  confidence: string
  /** Relative to the scanned folder, forward slashes; 'N/A' for app-wide findings. */
  file: string
  location: string
  sample: string
  description: string
}

/** A MEDIUM finding accepted after review: matched on check id and file, never on line numbers. */
export interface AllowEntry {
  check: string
  file: string
  /** One line: why this is acceptable here. */
  reason: string
}

/** What the gate makes of a scan. */
export interface Verdict {
  failures: string[]
  allowed: Array<{ finding: Finding; reason: string }>
  notes: Finding[]
}

/** The gate's command line: which allow-list and which folders (none given: the caller's defaults). */
export interface GateArgs {
  /** Undefined when `--allow` is not given. */
  allowFile: string | undefined
  dirs: string[]
}

/** Reads `[--allow FILE] [DIR ...]`; throws when `--allow` has no file after it. */
export function parseGateArgs(args: readonly string[]): GateArgs {
  const allowAt = args.indexOf('--allow')
  if (allowAt < 0) return { allowFile: undefined, dirs: [...args] }
  const allowFile = args[allowAt + 1]
  if (allowFile === undefined) throw new Error('--allow needs a file')
  return { allowFile, dirs: args.filter((_arg, index) => index !== allowAt && index !== allowAt + 1) }
}

export const CSV_HEADER = 'issue, severity, confidence, filename, location, sample, description, url'
const SEVERITIES = new Set(['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'])

/**
 * Checks that fail the gate whatever severity Electronegativity gives them: it rates an explicit
 * `nodeIntegration: true` INFORMATIONAL (only the old insecure default counts as HIGH), and this
 * app never gives a renderer Node: the page is untrusted and reaches the backend only through preload's
 * `window.api` (preload/README.md; the team's design handbook, which is kept outside this repository).
 */
const ALWAYS_FAIL = new Set(['NODE_INTEGRATION_JS_CHECK', 'NODE_INTEGRATION_HTML_CHECK'])

/**
 * Parses Electronegativity's CSV (RFC 4180 quoting; unquoted N/A for empty fields). Throws
 * on anything else, so a garbled report can never pass as one without findings.
 */
export function parseReport(csv: string): Finding[] {
  const rows = parseCsv(csv)
  if (rows.length === 0 || rows[0].join(',') !== CSV_HEADER.split(', ').join(',')) {
    throw new Error(`not an Electronegativity CSV report (first line: ${JSON.stringify(csv.split('\n')[0])})`)
  }
  return rows.slice(1).map((row, index) => {
    const [check, severity, confidence, file, location, sample, description] = row
    if (row.length !== 8 || !/^[A-Z0-9_]+$/.test(check) || !SEVERITIES.has(severity)) {
      throw new Error(`unexpected row ${index + 2} in the report: ${JSON.stringify(row)}`)
    }
    return { check, severity, confidence, file, location, sample, description } as Finding
  })
}

/** Reads and checks the allow-list: each entry needs a check id, a file and a one-line reason. */
export function parseAllowList(json: string): AllowEntry[] {
  const entries = JSON.parse(json) as unknown
  if (!Array.isArray(entries)) throw new Error('the allow-list must be a JSON array')
  return entries.map((entry: Partial<AllowEntry>, index) => {
    const valid =
      typeof entry.check === 'string' &&
      typeof entry.file === 'string' &&
      typeof entry.reason === 'string' &&
      entry.reason.trim().length > 0 &&
      !/[\r\n]/.test(entry.reason) &&
      Object.keys(entry).length === 3
    if (!valid) throw new Error(`allow-list entry ${index} needs exactly check, file and a one-line reason`)
    return entry as AllowEntry
  })
}

/** Any HIGH (or ALWAYS_FAIL) finding fails; a MEDIUM fails unless allow-listed; an allow-list entry that matches nothing fails too. */
export function judge(findings: readonly Finding[], allowList: readonly AllowEntry[]): Verdict {
  const verdict: Verdict = { failures: [], allowed: [], notes: [] }
  const used = new Set<AllowEntry>()
  for (const finding of findings) {
    const where = `${finding.file}:${finding.location}`
    const entry = allowList.find((allow) => allow.check === finding.check && allow.file === finding.file)
    if (finding.severity === 'HIGH' || ALWAYS_FAIL.has(finding.check)) {
      verdict.failures.push(`${finding.severity} ${finding.check} at ${where}: ${finding.description}`)
      if (entry && !used.has(entry))
        verdict.failures.push(`allow-list entry ${entry.check} for ${entry.file} cannot waive it`)
      if (entry) used.add(entry)
    } else if (finding.severity === 'MEDIUM') {
      if (entry) {
        used.add(entry)
        verdict.allowed.push({ finding, reason: entry.reason })
      } else {
        verdict.failures.push(`MEDIUM ${finding.check} at ${where} (not in the allow-list): ${finding.description}`)
      }
    } else {
      verdict.notes.push(finding)
    }
  }
  for (const entry of allowList) {
    if (!used.has(entry)) {
      verdict.failures.push(`allow-list entry ${entry.check} for ${entry.file} matches no finding: remove it`)
    }
  }
  return verdict
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"') quoted = true
    else if (char === ',') {
      row.push(field)
      field = ''
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += char
  }
  if (quoted) throw new Error('the report ends inside a quoted field')
  if (field !== '' || row.length > 0) rows.push([...row, field])
  return rows.map((cells) => cells.map((cell) => cell.trim()))
}
