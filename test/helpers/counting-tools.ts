import { chmodSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/**
 * A shell script in `folder` that notes each start in `log` (one line with the tool's name) and then runs `tool`
 * with the same arguments: to count how often code under test spawns a tool.
 */
export function countingTool(folder: string, name: string, tool: string, log: string): string {
  const script = path.join(folder, name)
  writeFileSync(script, `#!/bin/sh\necho ${name} >> '${log}'\nexec '${tool}' "$@"\n`)
  chmodSync(script, 0o755)
  return script
}

/** How many times each counting tool started since the log was last cleared. */
export function toolStarts(log: string): Record<string, number> {
  const counts: Record<string, number> = {}
  let text = ''
  try {
    text = readFileSync(log, 'utf8')
  } catch {
    return counts
  }
  for (const line of text.split('\n').filter(Boolean)) counts[line] = (counts[line] ?? 0) + 1
  return counts
}

/** Forgets the starts so far. */
export function clearToolStarts(log: string): void {
  writeFileSync(log, '')
}
