import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createPathGate } from '../../main/security/path-gate'
import { tempDir } from '../helpers/temp-dir'

function layout() {
  const base = tempDir()
  const allowed = path.join(base, 'allowed')
  const outside = path.join(base, 'outside')
  mkdirSync(path.join(allowed, 'sub'), { recursive: true })
  mkdirSync(outside)
  writeFileSync(path.join(allowed, 'sub', 'a.mp4'), 'a')
  writeFileSync(path.join(outside, 'secret.mp4'), 's')
  return { base, allowed, outside }
}

describe('path gate', () => {
  it("'any' permits every path and never throws", () => {
    const gate = createPathGate('any')
    expect(gate.any).toBe(true)
    expect(gate.permits('/etc/passwd')).toBe(true)
    expect(() => gate.check(['/etc/passwd', '/nonexistent/x'])).not.toThrow()
  })

  it('with no roots refuses every path as forbidden, naming it', () => {
    const gate = createPathGate([])
    expect(gate.any).toBe(false)
    expect(() => gate.check(['/etc/passwd'])).toThrow(
      expect.objectContaining({ code: 'forbidden', message: expect.stringContaining('/etc/passwd') }),
    )
  })

  it('permits roots and what they contain, existing or not, and nothing beside them', () => {
    const { base, allowed, outside } = layout()
    const gate = createPathGate([allowed])
    expect(gate.permits(allowed)).toBe(true)
    expect(gate.permits(path.join(allowed, 'sub', 'a.mp4'))).toBe(true)
    expect(gate.permits(path.join(allowed, 'not-yet', 'b.mp4'))).toBe(true)
    expect(gate.permits(path.join(allowed, '..', 'outside', 'secret.mp4'))).toBe(false)
    expect(gate.permits(path.join(outside, 'secret.mp4'))).toBe(false)
    mkdirSync(`${allowed}-sibling`)
    expect(gate.permits(`${allowed}-sibling`)).toBe(false)
    expect(gate.permits(base)).toBe(false)
    expect(() => gate.check([path.join(allowed, 'sub'), path.join(outside, 'secret.mp4')])).toThrow(
      expect.objectContaining({ code: 'forbidden', details: { path: path.join(outside, 'secret.mp4') } }),
    )
  })

  it('decides on real paths: a symlink inside an allowed root that leads out is refused', () => {
    const { allowed, outside } = layout()
    symlinkSync(outside, path.join(allowed, 'escape'))
    symlinkSync(path.join(outside, 'secret.mp4'), path.join(allowed, 'secret-link.mp4'))
    const gate = createPathGate([allowed])
    expect(gate.permits(path.join(allowed, 'escape', 'secret.mp4'))).toBe(false)
    expect(gate.permits(path.join(allowed, 'secret-link.mp4'))).toBe(false)
  })

  it('an allowed root reached through a symlink permits its real contents', () => {
    const { base, allowed } = layout()
    const link = path.join(base, 'link-to-allowed')
    symlinkSync(allowed, link)
    const gate = createPathGate([link])
    expect(gate.permits(path.join(allowed, 'sub', 'a.mp4'))).toBe(true)
    expect(gate.permits(path.join(link, 'sub', 'a.mp4'))).toBe(true)
  })

  it('allow() widens the gate at run time (drops and dialogs under Electron)', () => {
    const { allowed, outside } = layout()
    const gate = createPathGate([allowed])
    const secret = path.join(outside, 'secret.mp4')
    expect(gate.permits(secret)).toBe(false)
    gate.allow(secret)
    expect(gate.permits(secret)).toBe(true)
    expect(gate.permits(path.join(outside, 'other.mp4'))).toBe(false)
  })

  it('allow() says whether the path is now permitted, for files first granted one by one and then their folder', () => {
    const { allowed, outside } = layout()
    const gate = createPathGate([])
    const secret = path.join(outside, 'secret.mp4')
    expect(gate.allow(secret)).toBe(true)
    expect(gate.allow(outside)).toBe(true)
    expect(gate.allow(secret)).toBe(true)
    expect(gate.permits(secret)).toBe(true)
    expect(gate.permits(path.join(allowed, 'sub', 'a.mp4'))).toBe(false)
    expect(createPathGate('any').allow('/nowhere/at/all')).toBe(true)
  })
})
