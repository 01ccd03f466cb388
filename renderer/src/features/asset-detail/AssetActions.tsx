import { useState } from 'react'
import { api } from '../../api/index'
import { useAppStore } from '../../app/use-app-store'
import { copyText } from '../../ui/copy-text'
import { useMayCall, useSignedIn } from '../people/index'
import { useLinkVisit, useMayDownload } from '../links/index'
import { write } from '../../api/queries'
import { originalDownloadUrl } from '../../api/downloads'

/**
 * Download the asset's own file, copy the file's path (not on a team hub), (under Electron) show it in the OS file manager, and delete the asset
 * (the organise feature's confirmation); failures show inline.
 */
export function AssetActions({ id, filePath }: { id: string; filePath: string | null }) {
  const askDelete = useAppStore((s) => s.askDelete)
  const mayDelete = useMayCall('media:delete')
  // On a team hub the file's path is one on the hub's machine: no use to copy on this one.
  const signedIn = useSignedIn() !== null
  // A review link's guest has no path to copy either: the files are the host's.
  const guest = useLinkVisit() !== null
  const onHub = signedIn || guest
  const mayDownload = useMayDownload()
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null)
  const copy = async () => {
    if (!filePath) return
    const ok = await copyText(filePath)
    setMessage(
      ok ? { text: 'Path copied.', error: false } : { text: `Copy failed; the path is ${filePath}`, error: true },
    )
  }
  const reveal = async () => {
    try {
      await write('media:reveal', { id })
      setMessage(null)
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true })
    }
  }
  return (
    <div className="detail-actions">
      {mayDownload && (
        <a className="button" href={originalDownloadUrl(id)} download>
          Download
        </a>
      )}
      {!onHub && (
        <button type="button" onClick={() => void copy()} disabled={!filePath}>
          Copy path
        </button>
      )}
      {api.canReveal && (
        <button type="button" onClick={() => void reveal()}>
          Reveal in folder
        </button>
      )}
      {mayDelete && (
        <button type="button" className="danger-text" onClick={() => askDelete([id])}>
          Delete…
        </button>
      )}
      {message && (
        <span className={message.error ? 'error' : 'field-status'} role="status">
          {message.text}
        </span>
      )}
    </div>
  )
}
