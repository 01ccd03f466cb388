// electron-builder afterPack hook (electron-builder.yml): makes the unpacked ffmpeg/ffprobe
// binaries executable by everyone. @ffprobe-installer sets only the owner's x bit, so in a
// root-owned install (deb, /opt) no user could run ffprobe and every import would fail.
import { chmodSync, existsSync, readdirSync } from 'node:fs'
import path from 'node:path'

const TOOLS = new Set(['ffmpeg', 'ffprobe', 'ffmpeg.exe', 'ffprobe.exe'])
const PACKAGES = ['@ffmpeg-installer', '@ffprobe-installer']

/** Sets mode 0755 on every ffmpeg/ffprobe binary under app.asar.unpacked; returns the files it changed. */
export default async function afterPack(context) {
  const unpacked = path.join(context.packager.getResourcesDir(context.appOutDir), 'app.asar.unpacked', 'node_modules')
  const changed = []
  for (const scope of PACKAGES) {
    const scopeDir = path.join(unpacked, scope)
    if (!existsSync(scopeDir)) continue
    for (const pkg of readdirSync(scopeDir, { withFileTypes: true })) {
      if (!pkg.isDirectory()) continue
      const pkgDir = path.join(scopeDir, pkg.name)
      for (const entry of readdirSync(pkgDir, { withFileTypes: true })) {
        if (!entry.isFile() || !TOOLS.has(entry.name)) continue
        chmodSync(path.join(pkgDir, entry.name), 0o755)
        changed.push(path.join(pkgDir, entry.name))
      }
    }
  }
  if (changed.length === 0) throw new Error(`afterPack: no ffmpeg/ffprobe binary found under ${unpacked}`)
  return changed
}
