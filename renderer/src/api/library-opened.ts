/**
 * What a window does once the host has opened another library in place of the one it showed
 * (`library:open`, from this window or another, `library:opened`): it starts afresh on that library's
 * Library view, so nothing the old library's views and queries cached stays.
 */
export function reloadOntoOpenedLibrary(): void {
  window.location.hash = '#/library'
  window.location.reload()
}
