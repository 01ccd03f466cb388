import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import asar from '@electron/asar'
import { describe, expect, it } from 'vitest'
import { asarProblems, UNPACKED_EXECUTABLES, UNPACKED_READABLE, unpackedProblems } from '../../scripts/packaging-checks'
import { tempDir } from '../helpers/temp-dir'

// The assertions of the packaging check (scripts/check-packaging.ts), run on small packages
// built here: each must name what is wrong. The real package is checked by `npm test`.

function writeTree(root: string, files: Record<string, string>): void {
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    writeFileSync(path.join(root, file), content)
  }
}

async function pack(app: string, dest: string, unpack?: string): Promise<void> {
  await asar.createPackageWithOptions(app, dest, unpack ? { unpack } : {})
}

const built = { 'main/index.js': 'main', 'preload/index.cjs': 'preload', 'renderer/index.html': '<html>' }

describe('packaging checks', () => {
  it('pass a package holding exactly the built bundles and runtime modules', async () => {
    const [out, app, resources] = [tempDir(), tempDir(), tempDir()]
    writeTree(out, built)
    writeTree(app, {
      'package.json': '{}',
      ...Object.fromEntries(Object.entries(built).map(([file, content]) => [`out/${file}`, content])),
      'node_modules/zod/index.js': '',
    })
    await pack(app, path.join(resources, 'app.asar'))
    expect(asarProblems(path.join(resources, 'app.asar'), out)).toEqual([])
  })

  it('name missing bundles, sources, source maps, tests and files that are not build output', async () => {
    const [out, app, resources] = [tempDir(), tempDir(), tempDir()]
    writeTree(out, { ...built, 'main/tool-runner-child.js': 'child' })
    writeTree(app, {
      'package.json': '{}',
      'out/main/index.js': 'main',
      'out/main/index.js.map': '{}',
      'out/preload/index.cjs': 'preload',
      'main/index.ts': 'source',
      'node_modules/zod/src/index.ts': '',
      'node_modules/lib/tests/case.js': '',
      'node_modules/lib/util.spec.js': '',
      'out/web/4242-0a1b2c3d/index.html': '',
    })
    await pack(app, path.join(resources, 'app.asar'))
    expect(asarProblems(path.join(resources, 'app.asar'), out).sort()).toEqual(
      [
        'app.asar lacks out/renderer/index.html',
        'app.asar lacks out/main/tool-runner-child.js (built into out/)',
        'app.asar holds a source or source map: out/main/index.js.map',
        'app.asar holds a source or source map: main/index.ts',
        'app.asar holds main/index.ts (not built)',
        'app.asar holds main (not built)',
        'app.asar holds a source or source map: node_modules/zod/src/index.ts',
        'app.asar holds a test: node_modules/lib/tests',
        'app.asar holds a test: node_modules/lib/tests/case.js',
        'app.asar holds a test: node_modules/lib/util.spec.js',
        'app.asar holds out/web (not one of out/main, out/preload, out/renderer)',
        'app.asar holds out/web/4242-0a1b2c3d (not one of out/main, out/preload, out/renderer)',
        'app.asar holds out/web/4242-0a1b2c3d/index.html (not one of out/main, out/preload, out/renderer)',
      ].sort(),
    )
  })

  it('name native code, tools and model weights that are packed, missing, or not runnable (readable) by every user', async () => {
    const [app, resources] = [tempDir(), tempDir()]
    const [sqlite, ffprobe, ffmpeg] = UNPACKED_EXECUTABLES
    const [runtime, detector, recogniser] = UNPACKED_READABLE
    const files = [sqlite, ffprobe, ffmpeg, runtime, detector, recogniser]
    writeTree(app, { 'package.json': '{}', ...Object.fromEntries(files.map((file) => [file, 'elf'])) })
    // The .node files, ffprobe and the detector are unpacked; ffmpeg and the recogniser stay inside the archive.
    await pack(app, path.join(resources, 'app.asar'), '{*.node,ffprobe,*_det_infer.onnx}')
    const unpacked = (file: string) => path.join(resources, 'app.asar.unpacked', file)
    chmodSync(unpacked(sqlite!), 0o755)
    chmodSync(unpacked(ffprobe!), 0o744)
    chmodSync(unpacked(runtime!), 0o600)
    chmodSync(unpacked(detector!), 0o644)
    expect(unpackedProblems(resources)).toEqual([
      `${ffprobe} has mode 744: not readable and executable by every user`,
      `${ffmpeg} is not in app.asar.unpacked`,
      `${runtime} has mode 600: not readable by every user`,
      `${recogniser} is not in app.asar.unpacked`,
    ])
  })
})
