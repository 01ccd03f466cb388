/** Zoom limits of the image viewer: 1 % to 3200 %. */
export const MIN_SCALE = 0.01
export const MAX_SCALE = 32

const STEPS = [0.05, 0.1, 0.25, 0.33, 0.5, 0.67, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32]

/** The scale that shows all of a picture in the view, never enlarging a small one. */
export function fitScale(picture: { width: number; height: number }, view: { width: number; height: number }): number {
  if (!picture.width || !picture.height) return 1
  return Math.min(1, view.width / picture.width, view.height / picture.height)
}

/** A scale kept within the viewer's limits. */
export function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale))
}

/** The next zoom step in `direction` (1 in, -1 out) from `scale`, which need not be a step itself. */
export function zoomStep(scale: number, direction: 1 | -1): number {
  const next =
    direction > 0 ? STEPS.find((s) => s > scale * 1.001) : [...STEPS].reverse().find((s) => s < scale / 1.001)
  return next ?? (direction > 0 ? MAX_SCALE : Math.min(scale, STEPS[0]))
}
