import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveLibraryDir, userDataDir } from '../../main/library/library-location'

describe('resolveLibraryDir', () => {
  it('prefers --library, then FRAMEVAULT_LIBRARY, then the desktop default', () => {
    const env = { FRAMEVAULT_LIBRARY: '/srv/from-env', XDG_CONFIG_HOME: '/cfg' }
    expect(resolveLibraryDir('/srv/from-flag', env)).toBe('/srv/from-flag')
    expect(resolveLibraryDir(undefined, env)).toBe('/srv/from-env')
    expect(resolveLibraryDir(undefined, { XDG_CONFIG_HOME: '/cfg' })).toBe(
      path.join(userDataDir({ XDG_CONFIG_HOME: '/cfg' }), 'library'),
    )
  })

  it('refuses an empty --library or FRAMEVAULT_LIBRARY instead of using the current folder', () => {
    expect(() => resolveLibraryDir('', {})).toThrow(/--library is empty/)
    for (const value of ['', ' \t']) {
      expect(() => resolveLibraryDir(undefined, { FRAMEVAULT_LIBRARY: value })).toThrow(
        expect.objectContaining({
          code: 'validation',
          message: expect.stringMatching(/FRAMEVAULT_LIBRARY is set but empty/),
        }),
      )
    }
  })

  it('makes a relative --library absolute', () => {
    expect(resolveLibraryDir('rel/lib', {})).toBe(path.resolve('rel/lib'))
  })
})

describe('userDataDir', () => {
  it('matches where Electron puts userData on each platform', () => {
    const home = os.homedir()
    expect(userDataDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe('/cfg/Framevault')
    expect(userDataDir({}, 'linux')).toBe(path.join(home, '.config', 'Framevault'))
    expect(userDataDir({}, 'darwin')).toBe(path.join(home, 'Library', 'Application Support', 'Framevault'))
    expect(userDataDir({ APPDATA: 'C:/Users/a/AppData/Roaming' }, 'win32')).toBe(
      path.join('C:/Users/a/AppData/Roaming', 'Framevault'),
    )
  })
})
