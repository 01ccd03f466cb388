import { accessSync, constants, realpathSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

/**
 * Absolute paths of the ffmpeg and ffprobe executables, and of an ffprobe to retry with when
 * `ffprobe` crashes on a file (null: none; absent: look for one on PATH, see `ffprobeOnPath`); Tesseract's
 * (the pipelines' text stage; absent: FRAMEVAULT_TESSERACT, else `tesseract` on PATH).
 */
export type MediaTools = { ffmpeg: string; ffprobe: string; ffprobeFallback?: string | null; tesseract?: string }

const require = createRequire(import.meta.url)

/** Where ffmpeg and ffprobe live: FRAMEVAULT_FFMPEG / FRAMEVAULT_FFPROBE when set, else the bundled installers. */
export function resolveMediaTools(env: NodeJS.ProcessEnv = process.env): Omit<MediaTools, 'ffprobeFallback'> {
  return {
    ffmpeg: env.FRAMEVAULT_FFMPEG || installerPath('@ffmpeg-installer/ffmpeg'),
    ffprobe: env.FRAMEVAULT_FFPROBE || installerPath('@ffprobe-installer/ffprobe'),
  }
}

/** Tesseract: FRAMEVAULT_TESSERACT when set, else the one on PATH (Debian's tesseract-ocr). */
export function tesseractPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.FRAMEVAULT_TESSERACT || 'tesseract'
}

/** The binary an installer package ships, outside the asar archive when packaged. */
function installerPath(packageName: string): string {
  // Loaded only when needed: an installer throws at load time when its platform binary is missing.
  const { path } = require(packageName) as { path: string }
  return unpackedFromAsar(path)
}

/** `filePath` with a packaged app's `app.asar` folder replaced by `app.asar.unpacked`. */
export function unpackedFromAsar(filePath: string): string {
  // Executables cannot run from inside app.asar; electron-builder.yml unpacks the installers next to it.
  return filePath.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2')
}

/**
 * The first `ffprobe` on PATH that is not `primary` itself (after following links), or null.
 * The bundled build crashes on some inputs (MPEG-TS here); a system build often reads them.
 */
export function ffprobeOnPath(primary: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const name = process.platform === 'win32' ? 'ffprobe.exe' : 'ffprobe'
  const same = realOrSelf(primary)
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir)) continue
    const candidate = path.join(dir, name)
    if (isExecutableFile(candidate) && realOrSelf(candidate) !== same) return candidate
  }
  return null
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK)
    return statSync(file).isFile()
  } catch {
    return false
  }
}

function realOrSelf(file: string): string {
  try {
    return realpathSync(file)
  } catch {
    return path.resolve(file)
  }
}
