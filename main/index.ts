import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow, dialog } from 'electron'
import { showFolderDialog } from './electron/folder-dialog'
import { forwardEvents, registerIpc } from './electron/ipc'
import { hardenApp } from './electron/harden'
import { electronNativeBinding } from './electron/native-binding'
import { registerRendererScheme, serveRenderer } from './electron/renderer-protocol'
import { revealInFolder } from './electron/reveal-file'
import { isTeamPage, openTeamWindow } from './electron/team-window'
import { startUtilityHelper } from './electron/utility-helper'
import { openLibrarySession } from './app/library-session'
import { BUILT_RENDERER_URL, isTrustedRendererUrl } from './security/trusted-renderer'

// The Electron host: thin glue between Electron and the service layer.
const here = path.dirname(fileURLToPath(import.meta.url))
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
const rendererUrl = devServerUrl ?? BUILT_RENDERER_URL
const isTrusted = (url: string) => isTrustedRendererUrl(url, rendererUrl)

registerRendererScheme()

app.whenReady().then(() => {
  // A team window shows its hub's pages; IPC stays the app's own renderer's alone.
  hardenApp((url, contents) => isTrusted(url) || isTeamPage(contents, url), devServerUrl !== undefined)
  // library:open (the app's "Open restored library") may put another library in this one's place.
  const library = openLibrarySession(path.join(app.getPath('userData'), 'library'), {
    nativeBinding: electronNativeBinding(),
    // media:import reads only what the user dropped or picked this session (granted in electron/ipc.ts).
    allowedPaths: [],
    // ffmpeg/ffprobe run from a utility process: forking would need ELECTRON_RUN_AS_NODE (fuse off).
    ingest: { startHelper: startUtilityHelper },
    revealFile: revealInFolder,
    hashAfterImports: true,
    watchFolders: true,
  })
  serveRenderer(path.join(here, '../renderer'), library)
  registerIpc(library, isTrusted, showFolderDialog, openTeamWindow)
  let closing = false
  app.on('will-quit', (event) => {
    if (closing) return
    // Let running imports stop and workers exit before the process goes.
    closing = true
    event.preventDefault()
    void library.close().finally(() => app.quit())
  })

  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    title: 'Framevault',
    show: false,
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  })
  forwardEvents(library, window.webContents)
  window.once('ready-to-show', () => window.show())
  void window.loadURL(rendererUrl)
}, fail)

app.on('window-all-closed', () => app.quit())

function fail(error: unknown): void {
  console.error(error)
  dialog.showErrorBox('Framevault cannot start', (error as Error).message)
  app.exit(1)
}
