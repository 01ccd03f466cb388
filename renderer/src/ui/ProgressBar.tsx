/** A determinate progress bar (`percent` of 100) named `label` for screen readers. */
export function ProgressBar({ label, percent, className }: { label?: string; percent: number; className?: string }) {
  return (
    <div
      className={className ? `progress ${className}` : 'progress'}
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
