import { readFileSync } from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { dispatch } from '../../main/dispatch'
import { openLibrary } from '../../main/library/library'
import { cli } from '../helpers/cli'
import { tempDir } from '../helpers/temp-dir'

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
      schemaVersion: 30,
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
      to: 30,
      applied: ['10-library-meta', '20-media', '30-import-job-owner'],
    })
    const second = await cli(['migrate', '--library', dir])
    expect(JSON.parse(second.stdout)).toEqual({ path: dir, from: 30, to: 30, applied: [] })
  })

  it('refuses a newer database with exit 1 and a clear message, leaving the file as it was', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'library.db')
    const db = new Database(file)
    db.pragma('user_version = 500')
    db.close()
    const before = readFileSync(file)
    const result = await cli(['info', '--library', dir])
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/schema version 500.*update Framevault/s)
    expect(readFileSync(file).equals(before)).toBe(true)
  })

  it('explains its usage on an unknown command with exit 2', async () => {
    const result = await cli(['frobnicate', '--library', tempDir()])
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('Unknown command "frobnicate"')
    expect(result.stderr).toContain('Usage: npm run cli -- <command>')
  })
})
