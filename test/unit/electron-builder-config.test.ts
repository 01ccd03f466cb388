import { existsSync, readFileSync } from 'node:fs'
import { validateConfiguration } from 'app-builder-lib/out/util/config/config'
import type { Configuration, FuseOptionsV1 } from 'app-builder-lib'
import { minimatch } from 'minimatch'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { fuseProblems, REQUIRED_FUSES } from '../../scripts/packaging-checks'

const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Configuration
const quietLogger = { isEnabled: false, add() {} } as unknown as Parameters<typeof validateConfiguration>[1]

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(validateConfiguration(structuredClone(config), quietLogger)).resolves.toBeUndefined()
  })

  it('would be caught if it drifted from the schema', async () => {
    const broken = { ...structuredClone(config), asarUnpacked: ['**/*.node'] } as Configuration
    await expect(validateConfiguration(broken, quietLogger)).rejects.toThrow(/asarUnpacked/)
  })

  it('unpacks the native module and the ffprobe/ffmpeg binaries from the asar', () => {
    const patterns = config.asarUnpack as string[]
    const unpacked = (file: string) => patterns.some((pattern) => minimatch(file, pattern, { dot: true }))
    expect(config.asar).toBe(true)
    expect(unpacked('node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(true)
    expect(unpacked('node_modules/@ffprobe-installer/linux-x64/ffprobe')).toBe(true)
    expect(unpacked('node_modules/@ffmpeg-installer/linux-x64/ffmpeg')).toBe(true)
    expect(unpacked('out/main/index.js')).toBe(false)
  })

  it('flips the fuses: no RunAsNode, NODE_OPTIONS or inspect flags; encrypted cookies; only a validated app.asar', () => {
    expect(fuseProblems(config)).toEqual([])
    expect(config.electronFuses).toMatchObject(REQUIRED_FUSES)
    expect(config.electronFuses?.grantFileProtocolExtraPrivileges).toBe(false)
  })

  it('would be caught if a fuse were left at its default', () => {
    const fuses: FuseOptionsV1 = { ...config.electronFuses, onlyLoadAppFromAsar: false }
    delete fuses.runAsNode
    expect(fuseProblems({ electronFuses: fuses })).toEqual([
      'electronFuses.runAsNode must be false (is undefined)',
      'electronFuses.onlyLoadAppFromAsar must be true (is false)',
    ])
  })

  it('packs no sources or source maps, and makes the tools executable for every user after packing', () => {
    const patterns = (config.files as string[]).filter((pattern) => pattern.startsWith('!'))
    const excluded = (file: string) => patterns.some((pattern) => minimatch(file, pattern.slice(1), { dot: true }))
    for (const file of ['node_modules/zod/src/index.ts', 'node_modules/zod/index.d.cts', 'out/main/index.js.map']) {
      expect(excluded(file)).toBe(true)
    }
    expect(excluded('out/main/index.js')).toBe(false)
    expect(config.afterPack).toBe('./scripts/after-pack.mjs')
    expect(existsSync(config.afterPack as string)).toBe(true)
  })
})
