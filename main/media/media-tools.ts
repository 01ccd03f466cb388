import { createRequire } from 'node:module'

/** Absolute paths of the ffmpeg and ffprobe executables. */
export type MediaTools = { ffmpeg: string; ffprobe: string }

const require = createRequire(import.meta.url)

/** Where ffmpeg and ffprobe live: FRAMEVAULT_FFMPEG / FRAMEVAULT_FFPROBE when set, else the bundled installers. */
export function resolveMediaTools(env: NodeJS.ProcessEnv = process.env): MediaTools {
  return {
    ffmpeg: env.FRAMEVAULT_FFMPEG || installerPath('@ffmpeg-installer/ffmpeg'),
    ffprobe: env.FRAMEVAULT_FFPROBE || installerPath('@ffprobe-installer/ffprobe'),
  }
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
