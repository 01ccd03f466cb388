import { describe, expect, it } from 'vitest'
import { BUILT_RENDERER_URL, isTrustedRendererUrl } from '../../main/security/trusted-renderer'

describe('isTrustedRendererUrl', () => {
  it('trusts pages of the built renderer and of the dev server', () => {
    expect(isTrustedRendererUrl('app://renderer/index.html#/info', BUILT_RENDERER_URL)).toBe(true)
    expect(isTrustedRendererUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true)
  })

  it('refuses other hosts, schemes, ports and garbage', () => {
    expect(isTrustedRendererUrl('app://other/index.html', BUILT_RENDERER_URL)).toBe(false)
    expect(isTrustedRendererUrl('https://renderer/index.html', BUILT_RENDERER_URL)).toBe(false)
    expect(isTrustedRendererUrl('file:///tmp/index.html', BUILT_RENDERER_URL)).toBe(false)
    expect(isTrustedRendererUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false)
    expect(isTrustedRendererUrl('', BUILT_RENDERER_URL)).toBe(false)
  })
})
