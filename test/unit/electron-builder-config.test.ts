import { readFileSync } from 'node:fs'
import { validateConfiguration } from 'app-builder-lib/out/util/config/config'
import type { Configuration } from 'app-builder-lib'
import { minimatch } from 'minimatch'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

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
})
