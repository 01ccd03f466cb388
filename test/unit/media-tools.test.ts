import { accessSync, constants } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { resolveMediaTools, tesseractPath, unpackedFromAsar } from '../../main/media/media-tools'

describe('resolveMediaTools', () => {
  it('prefers FRAMEVAULT_FFMPEG and FRAMEVAULT_FFPROBE', () => {
    const env = { FRAMEVAULT_FFMPEG: '/opt/ff/ffmpeg', FRAMEVAULT_FFPROBE: '/opt/ff/ffprobe' }
    expect(resolveMediaTools(env)).toEqual({ ffmpeg: '/opt/ff/ffmpeg', ffprobe: '/opt/ff/ffprobe' })
  })

  it('falls back to the executables the installer packages ship', () => {
    const tools = resolveMediaTools({})
    expect(tools.ffmpeg).toMatch(/@ffmpeg-installer[\\/].+[\\/]ffmpeg(\.exe)?$/)
    expect(tools.ffprobe).toMatch(/@ffprobe-installer[\\/].+[\\/]ffprobe(\.exe)?$/)
    for (const tool of Object.values(tools)) expect(() => accessSync(tool, constants.X_OK)).not.toThrow()
  })
})

describe('tesseractPath', () => {
  it('prefers FRAMEVAULT_TESSERACT, else the tesseract on PATH', () => {
    expect(tesseractPath({ FRAMEVAULT_TESSERACT: '/opt/ocr/tesseract' })).toBe('/opt/ocr/tesseract')
    expect(tesseractPath({ FRAMEVAULT_TESSERACT: '' })).toBe('tesseract')
    expect(tesseractPath({})).toBe('tesseract')
  })
})

describe('unpackedFromAsar', () => {
  it.each([
    [
      '/opt/Framevault/resources/app.asar/node_modules/@ffmpeg-installer/linux-x64/ffmpeg',
      '/opt/Framevault/resources/app.asar.unpacked/node_modules/@ffmpeg-installer/linux-x64/ffmpeg',
    ],
    [
      'C:\\Program Files\\Framevault\\resources\\app.asar\\node_modules\\@ffprobe-installer\\win32-x64\\ffprobe.exe',
      'C:\\Program Files\\Framevault\\resources\\app.asar.unpacked\\node_modules\\@ffprobe-installer\\win32-x64\\ffprobe.exe',
    ],
    [
      '/opt/Framevault/resources/app.asar.unpacked/node_modules/@ffmpeg-installer/linux-x64/ffmpeg',
      '/opt/Framevault/resources/app.asar.unpacked/node_modules/@ffmpeg-installer/linux-x64/ffmpeg',
    ],
    ['/work/my-app.asar/ffmpeg', '/work/my-app.asar/ffmpeg'],
  ])('%s → %s', (packed, unpacked) => {
    expect(unpackedFromAsar(packed)).toBe(unpacked)
  })
})
