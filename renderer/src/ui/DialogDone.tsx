/** The button row that ends a dialog with nothing left to confirm: Done closes it. */
export function DialogDone({ onDone }: { onDone(): void }) {
  return (
    <div className="dialog-buttons">
      <button type="button" onClick={onDone}>
        Done
      </button>
    </div>
  )
}
