import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveInside } from '../../main/security/contained-path'

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
