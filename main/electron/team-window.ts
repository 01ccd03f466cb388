import { createHash } from 'node:crypto'
import { BrowserWindow, session, type WebContents } from 'electron'
import type { TeamLibrary } from '../app/team-library'
import { denyPermissions } from './harden'

// The origin each team window may show pages of (its hub's): navigation elsewhere is refused (harden.ts).
const teamOrigins = new WeakMap<WebContents, string>()

/** True when `url` is a page of the hub that `contents`, a team window, was opened on. */
export function isTeamPage(contents: WebContents, url: string): boolean {
  const origin = teamOrigins.get(contents)
  if (origin === undefined) return false
  try {
    return new URL(url).origin === origin
  } catch {
    return false
  }
}

/**
 * Opens a team library in a window of its own: the hub serves the app (as to a browser), signed in with the
 * person's token. No preload: the page reaches this machine through nothing but the hub's HTTP API. Each hub has
 * its own session (its sign-in cookie kept apart from the app's and other hubs'), with every permission denied.
 */
export function openTeamWindow(team: TeamLibrary): BrowserWindow {
  const partition = `persist:team-${createHash('sha256').update(team.origin).digest('hex').slice(0, 16)}`
  denyPermissions(session.fromPartition(partition))
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    title: `Framevault — ${new URL(team.origin).host}`,
    webPreferences: { partition, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true },
  })
  teamOrigins.set(window.webContents, team.origin)
  void window.loadURL(team.signInUrl)
  return window
}
