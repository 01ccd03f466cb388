import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrations } from '../../main/db/migrations/index'
import { dispatch } from '../../main/dispatch'
import { openLibrary } from '../../main/app/open-library'
import { cli } from '../helpers/cli'
import { tempDir } from '../helpers/temp-dir'

// The schema grows with every shipped migration; the tests follow the list rather than a number.
const LATEST = migrations.at(-1)!.version

describe('CLI', () => {
  it('info prints the same facts as library:info, as JSON', async () => {
    const dir = tempDir()
    const result = await cli(['info', '--library', dir])
    expect(result.code).toBe(0)
    const printed = JSON.parse(result.stdout) as Record<string, unknown>

    const lib = openLibrary(dir)
    const direct = await dispatch(lib, 'library:info', {})
    await lib.close()
    expect(direct.ok).toBe(true)
    const facts = (direct as { data: Record<string, unknown> }).data
    // Sizes may move by a WAL checkpoint between the two opens; every other fact is identical.
    expect({ ...printed, bytesOnDisk: null }).toEqual({ ...facts, bytesOnDisk: null })
    expect(printed).toMatchObject({
      path: dir,
      schemaVersion: LATEST,
      tables: expect.arrayContaining([{ name: 'library_meta', rows: 3 }]),
    })
  })

  it('takes the library from FRAMEVAULT_LIBRARY when --library is absent', async () => {
    const dir = tempDir()
    const result = await cli(['info'], { env: { FRAMEVAULT_LIBRARY: dir } })
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ path: dir })
  })

  it('migrate reports what it applied, and nothing on the second run', async () => {
    const dir = tempDir()
    const first = await cli(['migrate', '--library', dir])
    expect(JSON.parse(first.stdout)).toEqual({
      path: dir,
      from: 0,
      to: LATEST,
      applied: migrations.map((migration) => `${migration.version}-${migration.name}`),
    })
    expect(JSON.parse(first.stdout).applied.slice(0, 3)).toEqual(['10-library-meta', '20-media', '30-import-job-owner'])
    const second = await cli(['migrate', '--library', dir])
    expect(JSON.parse(second.stdout)).toEqual({ path: dir, from: LATEST, to: LATEST, applied: [] })
  })

  it('refuses a newer database with exit 1 and a clear message, leaving the file as it was', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'library.db')
    const db = new Database(file)
    db.pragma('user_version = 990')
    db.close()
    const before = readFileSync(file)
    const result = await cli(['info', '--library', dir])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/schema version 990.*update Framevault/s)
    expect(readFileSync(file).equals(before)).toBe(true)
  })

  it('prints its usage on --help and exits 0', async () => {
    for (const args of [['--help'], ['-h'], ['import', '--help']]) {
      const result = await cli(args)
      expect(result.code).toBe(0)
      expect(result.stdout).toContain('Usage: npm run cli -- <command>')
      expect(result.stderr).toBe('')
    }
  })

  it('refuses an empty FRAMEVAULT_LIBRARY with exit 2 instead of opening a library in the current folder', async () => {
    const cwd = tempDir()
    for (const value of ['', '   ']) {
      const result = await cli(['info'], { env: { FRAMEVAULT_LIBRARY: value }, cwd })
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(/FRAMEVAULT_LIBRARY is set but empty/)
      expect(result.stdout).toBe('')
    }
    const empty = await cli(['info', '--library', ''], { cwd })
    expect(empty.code).toBe(2)
    expect(empty.stderr).toMatch(/--library is empty/)
    expect(readdirSync(cwd)).toEqual([])
  })

  it('explains its usage on an unknown command with exit 2', async () => {
    const result = await cli(['frobnicate', '--library', tempDir()])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Unknown command "frobnicate"')
    expect(result.stderr).toContain('Usage: npm run cli -- <command>')
  })
})
