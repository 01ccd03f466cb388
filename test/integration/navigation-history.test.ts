import { afterEach, describe, expect, it, vi } from 'vitest'
import { followHash } from '../../renderer/src/app/follow-hash'
import { storeOver } from '../helpers/app-store'
import { testLibrary } from '../helpers/library'

/**
 * The part of a browser window `followHash` uses: one tab's history of hash URLs. Following a
 * link pushes an entry and fires popstate and hashchange, as Chromium does for a fragment.
 */
function fakeWindow(start: string) {
  const entries = [start]
  let index = 0
  const listeners = new Map<string, Set<() => void>>()
  const fire = (...types: string[]) => types.forEach((type) => listeners.get(type)?.forEach((listener) => listener()))
  const win = {
    location: {
      get hash() {
        return entries[index]
      },
    },
    history: {
      pushState(_data: unknown, _title: string, url: string) {
        entries.splice(index + 1, entries.length, url)
        index = entries.length - 1
      },
      replaceState(_data: unknown, _title: string, url: string) {
        entries[index] = url
      },
    },
    addEventListener(type: string, listener: () => void) {
      if (!listeners.has(type)) listeners.set(type, new Set())
      listeners.get(type)!.add(listener)
    },
    removeEventListener(type: string, listener: () => void) {
      listeners.get(type)?.delete(listener)
    },
  }
  return {
    win,
    entries,
    /** A click on `<a href={hash}>` that the app does not intercept. */
    follow(hash: string) {
      win.history.pushState(null, '', hash)
      fire('popstate', 'hashchange')
    },
    back() {
      index -= 1
      fire('popstate', 'hashchange')
    },
  }
}

const stops: (() => void)[] = []
afterEach(() => {
  stops.splice(0).forEach((stop) => stop())
  vi.unstubAllGlobals()
})

function setup(start: string) {
  const browser = fakeWindow(start)
  vi.stubGlobal('window', browser.win)
  const { store, stop } = storeOver(testLibrary(), start)
  stops.push(followHash(store), stop)
  return { browser, store }
}

describe('the URL hash and the history', () => {
  it('following a library link from the Stats page is one history step, and Back returns to Stats', () => {
    const { browser, store } = setup('#/library?type=video')
    store.getState().navigate('stats')
    expect(browser.entries).toEqual(['#/library?type=video', '#/stats'])

    browser.follow('#/library?type=image&health=missing')
    expect(store.getState()).toMatchObject({ view: 'library', browse: { filter: { mediaType: ['image'] } } })
    expect(store.getState().browse.filter).toEqual({ mediaType: ['image'], health: ['missing'] })
    expect(browser.entries).toEqual(['#/library?type=video', '#/stats', '#/library?type=image&health=missing'])

    browser.back()
    expect(store.getState().view).toBe('stats')
    expect(browser.win.location.hash).toBe('#/stats')
  })

  it('a bare asset link keeps the library view to return to, in one history step', () => {
    const { browser, store } = setup('#/library?type=video&sort=name')
    store.getState().navigate('stats')

    browser.follow('#/asset/abc')
    expect(store.getState()).toMatchObject({ view: 'asset', assetId: 'abc' })
    expect(store.getState().browse).toMatchObject({ filter: { mediaType: ['video'] }, sort: { by: 'name' } })
    expect(browser.entries).toEqual([
      '#/library?type=video&sort=name',
      '#/stats',
      expect.stringMatching(/^#\/asset\/abc\?/),
    ])
    expect(browser.win.location.hash).toBe('#/asset/abc?type=video&sort=name&anchor=abc')

    store.getState().closeAsset()
    expect(browser.win.location.hash).toBe('#/library?type=video&sort=name&anchor=abc')
    browser.back()
    expect(store.getState()).toMatchObject({ view: 'asset', browse: { filter: { mediaType: ['video'] } } })
  })

  it('a pasted link to another page keeps the library view; a bare library link is the unfiltered library', () => {
    const { browser, store } = setup('#/library?q=dusk&type=video')
    browser.follow('#/settings')
    expect(store.getState()).toMatchObject({ view: 'settings', browse: { query: 'dusk' } })
    browser.follow('#/library')
    expect(store.getState()).toMatchObject({ view: 'library', browse: { query: '', filter: {} } })
    expect(browser.entries).toEqual(['#/library?q=dusk&type=video', '#/settings', '#/library'])
  })
})
