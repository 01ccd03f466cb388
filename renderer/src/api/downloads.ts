// Where the page downloads originals and zips: the web host's `/download`, which Electron's protocol serves at the
// same path. The browser saves what comes as it comes (a zip is written as it is read), so no bytes pass through
// the page.

// Longer lists of ids go in a form's body: an address past a few KB is refused by servers and proxies.
const LONGEST_ADDRESS = 2000

/** An asset's own file, as a download under its name. */
export function originalDownloadUrl(assetId: string): string {
  return `/download/files/${encodeURIComponent(assetId)}`
}

/** A collection's assets as one zip named after it. */
export function collectionDownloadUrl(collectionId: number): string {
  return `/download?collection=${collectionId}`
}

/** Starts the download of these assets as one zip (a link for a short list, a posted form for a long one). */
export function downloadAssets(ids: readonly string[]): void {
  const list = ids.join(',')
  if (list.length <= LONGEST_ADDRESS) {
    const link = document.createElement('a')
    link.href = `/download?ids=${list}`
    link.download = ''
    document.body.append(link)
    link.click()
    link.remove()
    return
  }
  const form = document.createElement('form')
  form.method = 'POST'
  form.action = '/download'
  const field = document.createElement('input')
  field.type = 'hidden'
  field.name = 'ids'
  field.value = list
  form.append(field)
  document.body.append(form)
  form.submit()
  form.remove()
}
