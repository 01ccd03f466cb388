import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ESLint } from 'eslint'
import { afterAll, describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })
// Real files in the repo (the rule follows imports on disk), under main/ where the rule must hold.
const dir = mkdtempSync(path.join(process.cwd(), 'main', 'cycle-check-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Writes the files, lints the first with the project's config, and returns its no-cycle messages. */
async function cycleMessages(files: Record<string, string>): Promise<string[]> {
  for (const [name, code] of Object.entries(files)) writeFileSync(path.join(dir, name), code)
  const [result] = await eslint.lintFiles([path.join(dir, Object.keys(files)[0]!)])
  return result!.messages.filter((m) => m.ruleId === 'import-x/no-cycle').map((m) => m.message)
}

describe('import cycles', () => {
  it('reports two modules importing values from each other', async () => {
    const messages = await cycleMessages({
      'a.ts': "import { b } from './b'\nexport const a = (): number => b() + 1\n",
      'b.ts': "import { a } from './a'\nexport const b = (): number => a() - 1\n",
    })
    expect(messages).toEqual([expect.stringMatching(/^Dependency cycle/)])
  })

  it('reports a cycle through a third module', async () => {
    const messages = await cycleMessages({
      'c.ts': "import { d } from './d'\nexport const c = (): number => d()\n",
      'd.ts': "import { e } from './e'\nexport const d = (): number => e()\n",
      'e.ts': "import { c } from './c'\nexport const e = (): number => c()\n",
    })
    expect(messages).toEqual([expect.stringMatching(/^Dependency cycle/)])
  })

  it('ignores cycles of type-only imports, which vanish at runtime', async () => {
    const messages = await cycleMessages({
      'f.ts': "import type { G } from './g'\nexport type F = { g?: G }\n",
      'g.ts': "import { type F } from './f'\nexport type G = { f?: F }\n",
    })
    expect(messages).toEqual([])
  })
})
