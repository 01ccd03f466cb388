import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { realPathBelow, realPathInside, resolveInside } from '../../main/security/contained-path'
import { tempDir } from '../helpers/temp-dir'

const root = path.resolve('/srv/renderer')

describe('resolveInside', () => {
  it.each([
    ['/index.html', path.join(root, 'index.html')],
    ['/assets/app-1a2b.js', path.join(root, 'assets', 'app-1a2b.js')],
    ['/assets/../index.html', path.join(root, 'index.html')],
    ['/a%20b.png', path.join(root, 'a b.png')],
    ['/', root],
  ])('maps %s inside the root', (urlPath, file) => {
    expect(resolveInside(root, urlPath)).toBe(file)
  })

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret', '/%E0%A4%A', '/a%00.html'])(
    'refuses %s',
    (urlPath) => {
      expect(resolveInside(root, urlPath)).toBeUndefined()
    },
  )

  it('keeps an encoded backslash as part of a file name (POSIX), so it cannot climb', () => {
    expect(resolveInside(root, '/..%5c..%5csecret')).toBe(path.join(root, '..\\..\\secret'))
  })

  it('does not treat a sibling folder with the same prefix as inside', () => {
    expect(resolveInside(root, '/../renderer-evil/x.js')).toBeUndefined()
  })
})

describe('realPathInside', () => {
  function layout(): { lib: string; outside: string } {
    const base = tempDir()
    const lib = path.join(base, 'lib')
    const outside = path.join(base, 'outside')
    mkdirSync(path.join(lib, 'derived', 'thumbs'), { recursive: true })
    mkdirSync(outside)
    return { lib, outside }
  }

  it('returns the real path of existing and not-yet-existing files inside the root', async () => {
    const { lib } = layout()
    writeFileSync(path.join(lib, 'derived', 'thumbs', 'a.jpg'), 'x')
    const real = realpathSync(lib)
    await expect(realPathInside(lib, path.join(lib, 'derived/thumbs/a.jpg'))).resolves.toBe(
      path.join(real, 'derived/thumbs/a.jpg'),
    )
    await expect(realPathInside(lib, path.join(lib, 'derived/thumbs/ab/new.jpg'))).resolves.toBe(
      path.join(real, 'derived/thumbs/ab/new.jpg'),
    )
  })

  it('follows a symlinked folder that stays inside the root', async () => {
    const { lib } = layout()
    mkdirSync(path.join(lib, 'elsewhere'))
    symlinkSync(path.join(lib, 'elsewhere'), path.join(lib, 'derived/thumbs/ab'))
    await expect(realPathInside(lib, path.join(lib, 'derived/thumbs/ab/x.jpg'))).resolves.toBe(
      path.join(realpathSync(lib), 'elsewhere/x.jpg'),
    )
  })

  it('refuses a symlinked folder that leads out, for existing and new files', async () => {
    const { lib, outside } = layout()
    writeFileSync(path.join(outside, 'secret.jpg'), 'x')
    symlinkSync(outside, path.join(lib, 'derived/thumbs/ab'))
    for (const name of ['secret.jpg', 'new.jpg', 'deeper/new.jpg']) {
      await expect(realPathInside(lib, path.join(lib, 'derived/thumbs/ab', name))).rejects.toMatchObject({
        code: 'forbidden',
      })
    }
  })

  it('refuses a dangling symlink whose target would be created outside', async () => {
    const { lib, outside } = layout()
    symlinkSync(path.join(outside, 'not-yet.jpg'), path.join(lib, 'derived/thumbs/a.jpg'))
    await expect(realPathInside(lib, path.join(lib, 'derived/thumbs/a.jpg'))).rejects.toMatchObject({
      code: 'forbidden',
    })
  })

  it('refuses a sibling folder sharing the root as a name prefix', async () => {
    const { lib } = layout()
    mkdirSync(`${lib}-evil`)
    await expect(realPathInside(lib, `${lib}-evil/x.jpg`)).rejects.toMatchObject({ code: 'forbidden' })
  })

  it('cuts symlink loops with forbidden instead of recursing forever', async () => {
    const { lib } = layout()
    symlinkSync(path.join(lib, 'loop-b'), path.join(lib, 'loop-a'))
    symlinkSync(path.join(lib, 'loop-a'), path.join(lib, 'loop-b'))
    await expect(realPathInside(lib, path.join(lib, 'loop-a'))).rejects.toMatchObject({ code: 'forbidden' })
  })

  it('takes the root through a symlink; realPathBelow takes it already resolved', async () => {
    const { lib, outside } = layout()
    const alias = path.join(path.dirname(lib), 'alias')
    symlinkSync(lib, alias)
    symlinkSync(outside, path.join(lib, 'derived/thumbs/ab'))
    const inside = path.join(realpathSync(lib), 'derived/thumbs/a.jpg')
    await expect(realPathInside(alias, path.join(alias, 'derived/thumbs/a.jpg'))).resolves.toBe(inside)
    await expect(realPathBelow(realpathSync(lib), path.join(alias, 'derived/thumbs/a.jpg'))).resolves.toBe(inside)
    await expect(realPathBelow(realpathSync(lib), path.join(alias, 'derived/thumbs/ab/x.jpg'))).rejects.toMatchObject({
      code: 'forbidden',
    })
  })
})
