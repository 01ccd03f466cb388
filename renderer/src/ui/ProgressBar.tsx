/** A determinate progress bar (`percent` of 100) named `label` for screen readers. */
export function ProgressBar({ label, percent }: { label?: string; percent: number }) {
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div className="progress-fill" style={{ width: `${percent}%` }} />
    </div>
  )
}
