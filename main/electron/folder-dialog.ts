import { BrowserWindow, dialog, type OpenDialogOptions } from 'electron'

const OPTIONS: OpenDialogOptions = {
  title: 'Choose a folder',
  buttonLabel: 'Choose',
  properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
}

/** The OS folder dialog over the focused window; the chosen folder, or null when cancelled. */
export async function showFolderDialog(): Promise<string | null> {
  const owner = BrowserWindow.getFocusedWindow()
  const result = owner ? await dialog.showOpenDialog(owner, OPTIONS) : await dialog.showOpenDialog(OPTIONS)
  return result.canceled ? null : (result.filePaths[0] ?? null)
}
