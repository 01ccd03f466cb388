import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { readScreenText } from '../../main/pipelines/text/screen-text-reader'

// The text stage before issue 62's model (an MSER line finder and Tesseract on each line), for the screen-text
// bench to run beside today's in the same run: its folder as it was at PREVIOUS_COMMIT, written out of git into
// out/ with its imports of the rest of main/ pointed back at today's files (which it shares unchanged).
const PREVIOUS_COMMIT = '4df7aced'
const FOLDER = 'main/pipelines/text'
const ROOT = path.resolve(import.meta.dirname, '../..')

/** The previous stage's readScreenText (its config's lang is eng, as its default was). */
export async function previousReadScreenText(): Promise<typeof readScreenText> {
  const target = path.join(ROOT, 'out', 'bench-previous-text-stage')
  rmSync(target, { recursive: true, force: true })
  mkdirSync(target, { recursive: true })
  const git = (...args: string[]) => execFileSync('git', ['-C', ROOT, ...args], { encoding: 'utf8', maxBuffer: 1e8 })
  const files = git('ls-tree', '--name-only', `${PREVIOUS_COMMIT}:${FOLDER}`)
    .split('\n')
    .filter((name) => name.endsWith('.ts'))
  for (const name of files) {
    const source = git('show', `${PREVIOUS_COMMIT}:${FOLDER}/${name}`)
    writeFileSync(path.join(target, name), pointedBack(source, target))
  }
  const module = (await import(pathToFileURL(path.join(target, 'screen-text-reader.ts')).href)) as {
    readScreenText: typeof readScreenText
  }
  return module.readScreenText
}

/** The file's imports of other folders as absolute paths into today's main/ and shared/; its worker found in `target`. */
function pointedBack(source: string, target: string): string {
  const original = path.join(ROOT, FOLDER)
  const workerFromMedia = path.relative(path.join(ROOT, 'main/media'), path.join(target, 'text-lines-worker'))
  return source
    .replace(/from '(\.\.\/[^']+)'/g, (_, specifier: string) => `from '${path.resolve(original, specifier)}'`)
    .replace("'../pipelines/text/text-lines-worker'", `'${workerFromMedia}'`)
}
