import type { AssetWorkflow, Generation } from '../../../../shared/contract'
import { CopyButton } from '../../ui/CopyButton'
import { FactList } from './FactList'
import { generationView, problemText, sourceText } from './generation-facts'
import type { DetailGeneration, Loaded } from './use-asset'
import { WorkflowList } from './WorkflowsSection'
import { ErrorLine } from '../../ui/ErrorLine'

/**
 * Whether something made this asset that the page can show (generation details, a workflow node, broken
 * generation tags): then the Generation section leads the page, under the player.
 */
export function leadsWithGeneration(state: Loaded<DetailGeneration>, metadataProblems: unknown): boolean {
  if (state.status !== 'ready') return false
  const { generation, workflows } = state.data
  return generation !== null || workflows.length > 0 || generationView(null, metadataProblems).problems.length > 0
}

/**
 * How the asset was generated: prompt, negative prompt, seed, model, LoRAs and settings, the workflow node
 * that made it (with Run again), where they were read from, and tags that broke.
 */
export function GenerationSection(props: {
  assetId: string
  state: Loaded<DetailGeneration>
  metadataProblems: unknown
}) {
  const { assetId, state, metadataProblems } = props
  return (
    <section className="detail-section generation-section" aria-labelledby="detail-generation">
      <h2 id="detail-generation">Generation</h2>
      {state.status === 'loading' && <p className="empty">Loading…</p>}
      {state.status === 'error' && <ErrorLine>{state.message}</ErrorLine>}
      {state.status === 'ready' && (
        <GenerationBody
          assetId={assetId}
          generation={state.data.generation}
          workflows={state.data.workflows}
          metadataProblems={metadataProblems}
        />
      )}
    </section>
  )
}

function GenerationBody({
  assetId,
  generation,
  workflows,
  metadataProblems,
}: {
  assetId: string
  generation: Generation | null
  workflows: AssetWorkflow[]
  metadataProblems: unknown
}) {
  const view = generationView(generation, metadataProblems)
  return (
    <>
      {view.problems.length > 0 && (
        <div className="detail-warning generation-problems" role="alert">
          <strong>Some generation tags in this file are broken.</strong> The file was imported; what could be read is
          shown below.
          <ul>
            {view.problems.map((problem) => (
              <li key={problem}>{problemText(problem)}</li>
            ))}
          </ul>
        </div>
      )}
      {!generation ? (
        <p className="empty">
          {workflows.length > 0
            ? 'No prompt or settings: this file carries none Framevault can read, and none was sent with it.'
            : 'No generation details: this file carries no prompt or workflow Framevault can read, and none was sent with it.'}
        </p>
      ) : (
        <div className="generation-layout">
          <div className="generation-prompts">
            {generation.prompt !== null && <PromptBlock label="Prompt" text={generation.prompt} />}
            {generation.negativePrompt !== null && generation.negativePrompt !== '' && (
              <PromptBlock label="Negative prompt" text={generation.negativePrompt} />
            )}
          </div>
          <div className="generation-settings">
            {view.settings.length > 0 && <FactList facts={view.settings} />}
            {view.loras.length > 0 && (
              <>
                <h3>LoRAs</h3>
                <ul className="generation-loras" aria-label="LoRAs">
                  {view.loras.map((lora, index) => (
                    <li key={`${lora.name}/${index}`}>
                      <code>{lora.name}</code>
                      {lora.weight !== null && <span className="muted"> · weight {lora.weight}</span>}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        </div>
      )}
      {workflows.length > 0 && (
        <section className="generation-workflow" aria-labelledby="detail-generation-workflow">
          <h3 id="detail-generation-workflow">Workflow and node</h3>
          <WorkflowList assetId={assetId} workflows={workflows} />
        </section>
      )}
      {generation && (
        <>
          {view.other.length > 0 && (
            <details className="generation-other">
              <summary>Other parameters ({view.other.length})</summary>
              <FactList facts={view.other} />
            </details>
          )}
          {view.sources.length > 0 && (
            <p className="muted generation-sources">Read from {view.sources.map(sourceText).join(', ')}.</p>
          )}
        </>
      )}
    </>
  )
}

/** A prompt in full (it can run to pages), with a Copy button. */
function PromptBlock({ label, text }: { label: string; text: string }) {
  return (
    <div className="generation-prompt">
      <div className="generation-prompt-head">
        <h3>{label}</h3>
        <CopyButton text={text} label={`the ${label.toLowerCase()}`} />
      </div>
      <p aria-label={label}>{text === '' ? <span className="muted">(empty)</span> : text}</p>
    </div>
  )
}
