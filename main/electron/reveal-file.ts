import { shell } from 'electron'

/** Opens the OS file manager at `file`'s folder with the file selected (media:reveal under Electron). */
export function revealInFolder(file: string): void {
  shell.showItemInFolder(file)
}
