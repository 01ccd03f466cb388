import { existsSync, readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// The lint (import-x/no-cycle) refuses loops of value imports; type imports vanish at runtime, but a loop of them
// still ties its files into one knot that moves and is read as a whole. Two files naming each other is allowed.
const MAIN = path.join(process.cwd(), 'main')

/** Every .ts file under `dir`, repo-relative. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return entry.name.endsWith('.ts') ? [path.relative(process.cwd(), full)] : []
  })
}

/** The files of main/ a file imports (values, types and re-exports alike), by relative specifier. */
function importsOf(file: string): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
  return importedFiles.flatMap(({ fileName }) => {
    if (!fileName.startsWith('.')) return []
    const base = path.join(path.dirname(file), fileName)
    const found = [`${base}.ts`, path.join(base, 'index.ts')].find((candidate) => existsSync(candidate))
    return found === undefined ? [] : [found]
  })
}

/** The strongly connected components (Tarjan) of more than one file: each a loop of imports. */
function importLoops(graph: Map<string, string[]>): string[][] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const loops: string[][] = []
  const visit = (file: string): void => {
    index.set(file, next)
    low.set(file, next++)
    stack.push(file)
    onStack.add(file)
    for (const imported of graph.get(file) ?? []) {
      if (!index.has(imported)) {
        visit(imported)
        low.set(file, Math.min(low.get(file)!, low.get(imported)!))
      } else if (onStack.has(imported)) low.set(file, Math.min(low.get(file)!, index.get(imported)!))
    }
    if (low.get(file) !== index.get(file)) return
    const component: string[] = []
    let member: string
    do {
      member = stack.pop()!
      onStack.delete(member)
      component.push(member)
    } while (member !== file)
    if (component.length > 1) loops.push(component.sort())
  }
  for (const file of graph.keys()) if (!index.has(file)) visit(file)
  return loops
}

describe('import loops in main/ (type imports included)', () => {
  it('finds a loop through three files, and none where imports only go down', () => {
    const loop = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
    ])
    expect(importLoops(loop)).toEqual([['a.ts', 'b.ts', 'c.ts']])
    expect(importLoops(new Map([...loop, ['c.ts', ['d.ts']]]))).toEqual([])
  })

  it('reads type imports as imports', () => {
    // import-job.ts names the importer's type alone.
    expect(importsOf(path.join('main', 'ingest', 'import-job.ts'))).toContain(
      path.join('main', 'ingest', 'importer.ts'),
    )
  })

  it('has no loop of more than two files', () => {
    const graph = new Map(sourceFiles(MAIN).map((file) => [file, importsOf(file)]))
    const knots = importLoops(graph).filter((loop) => loop.length > 2)
    expect(knots.map((loop) => `${loop.length} files: ${loop.join(' ')}`)).toEqual([])
  })
})
