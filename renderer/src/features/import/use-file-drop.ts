import { useEffect, useRef, useState, type DragEvent } from 'react'
import { droppedFiles } from './dropped-files'

/** Drag-and-drop of files onto an element: whether files hover over it, and its handlers. Folders are expanded when `expandFolders`. */
export function useFileDrop(onFiles: (files: File[]) => void, expandFolders: boolean) {
  const depth = useRef(0)
  const [dragging, setDragging] = useState(false)

  // Files dropped beside the zone would make the window navigate to them: swallow those drops.
  useEffect(() => {
    const swallow = (event: globalThis.DragEvent) => {
      if (carriesFiles(event.dataTransfer)) event.preventDefault()
    }
    window.addEventListener('dragover', swallow)
    window.addEventListener('drop', swallow)
    return () => {
      window.removeEventListener('dragover', swallow)
      window.removeEventListener('drop', swallow)
    }
  }, [])

  const handlers = {
    onDragEnter(event: DragEvent) {
      if (!carriesFiles(event.dataTransfer)) return
      event.preventDefault()
      depth.current += 1
      setDragging(true)
    },
    onDragOver(event: DragEvent) {
      if (!carriesFiles(event.dataTransfer)) return
      event.preventDefault()
      event.dataTransfer.dropEffect = 'copy'
    },
    // Enter and leave fire for every child crossed; the zone is left when they balance out.
    onDragLeave(event: DragEvent) {
      if (!carriesFiles(event.dataTransfer)) return
      depth.current = Math.max(0, depth.current - 1)
      if (depth.current === 0) setDragging(false)
    },
    onDrop(event: DragEvent) {
      if (!carriesFiles(event.dataTransfer)) return
      event.preventDefault()
      depth.current = 0
      setDragging(false)
      void droppedFiles(event.dataTransfer, expandFolders).then(onFiles)
    },
  }
  return { dragging, handlers }
}

function carriesFiles(transfer: DataTransfer | null): boolean {
  return transfer !== null && Array.from(transfer.types).includes('Files')
}
