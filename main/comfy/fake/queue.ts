import type { FakePrompt } from './prompt'
import type { RunRecord } from './run'

const MAX_HISTORY = 10_000

/**
 * The fake's queue and history (ComfyUI's PromptQueue): prompts by number, one running, and a
 * history entry per prompt once it has run. Answers are assembled as text around each prompt's
 * own text, so /queue and /history hand back 64-bit seeds digit for digit, as ComfyUI does.
 */
export class FakeQueue {
  private pending: FakePrompt[] = []
  private current: FakePrompt | null = null
  private stopCurrent = false
  private readonly history = new Map<string, string>()
  private counter = 0

  /** The next queue number (POST /prompt's `number`). */
  nextNumber(): number {
    return this.counter++
  }

  /** Prompts waiting or running (`queue_remaining`). */
  remaining(): number {
    return this.pending.length + (this.current ? 1 : 0)
  }

  get running(): FakePrompt | null {
    return this.current
  }

  put(prompt: FakePrompt): void {
    this.pending.push(prompt)
    this.pending.sort((a, b) => a.number - b.number)
  }

  /** Starts the next prompt, or null when none waits. */
  take(): FakePrompt | null {
    this.current = this.pending.shift() ?? null
    this.stopCurrent = false
    return this.current
  }

  /** Ends the running prompt, keeping its entry in the history unless its scenario hides it. */
  finish(prompt: FakePrompt, record: RunRecord): void {
    if (this.current === prompt) this.current = null
    if (prompt.scenario.emptyHistory) return
    if (this.history.size >= MAX_HISTORY) this.history.delete(this.history.keys().next().value as string)
    const entry = [
      `"prompt": ${itemText(prompt)}`,
      `"outputs": ${JSON.stringify(record.outputs)}`,
      `"status": ${JSON.stringify(record.status)}`,
      `"meta": ${JSON.stringify(record.meta)}`,
    ]
    this.history.set(prompt.promptId, `{${entry.join(', ')}}`)
  }

  /** POST /interrupt: stops the running prompt (only that one when an id is given); whether it did. */
  interrupt(promptId: string | null): boolean {
    if (!this.current || (promptId !== null && promptId !== this.current.promptId)) return false
    this.stopCurrent = true
    return true
  }

  get interruptRequested(): boolean {
    return this.stopCurrent
  }

  /** POST /queue: `{"clear": true}` and `{"delete": [ids]}` of waiting prompts. */
  edit(clear: boolean, remove: readonly unknown[]): void {
    if (clear) this.pending = []
    this.pending = this.pending.filter((prompt) => !remove.includes(prompt.promptId))
  }

  /** POST /history: `{"clear": true}` and `{"delete": [ids]}`. */
  editHistory(clear: boolean, remove: readonly unknown[]): void {
    if (clear) this.history.clear()
    for (const id of remove) if (typeof id === 'string') this.history.delete(id)
  }

  /** GET /queue's JSON text. */
  queueText(): string {
    const running = this.current ? [itemText(this.current)] : []
    return `{"queue_running": [${running.join(', ')}], "queue_pending": [${this.pending.map(itemText).join(', ')}]}`
  }

  /** GET /history (the last `maxItems`) or /history/<id> (`{}` when it has not run): JSON text. */
  historyText(promptId?: string, maxItems?: number): string {
    let entries = [...this.history.entries()]
    if (promptId !== undefined) entries = entries.filter(([id]) => id === promptId)
    if (maxItems !== undefined) entries = entries.slice(Math.max(0, entries.length - maxItems))
    return `{${entries.map(([id, text]) => `${JSON.stringify(id)}: ${text}`).join(', ')}}`
  }
}

/** A queue item as ComfyUI lists it: [number, prompt id, prompt, extra data, outputs to execute]. */
function itemText(prompt: FakePrompt): string {
  const parts = [String(prompt.number), JSON.stringify(prompt.promptId), prompt.promptText, prompt.extraText]
  return `[${parts.join(', ')}, ${JSON.stringify(prompt.outputs)}]`
}
