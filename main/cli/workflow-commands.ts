import type { ChannelInput, ChannelOutput, WorkflowMedia } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import { toGraph, type GraphEdge, type GraphNode } from '../../shared/workflow-graph'
import type { CliBackend } from './cli-backend'
import { expectArgs, isOneOf } from './cli-args'
import { isVersionVerb, runVersionCommand, WORKFLOW_VERSION_USAGE } from './workflow-version-commands'
import {
  runExecutionsDiff,
  runWorkflowRun,
  WORKFLOW_RUN_OPTIONS,
  WORKFLOW_RUN_USAGE,
  type WorkflowRunValues,
} from './workflow-run-commands'

/** Options of the workflow commands, merged into the CLI's parseArgs options (`--query` is the browse one). */
export const WORKFLOW_OPTIONS = {
  status: { type: 'string', multiple: true },
  format: { type: 'string', multiple: true },
  workflow: { type: 'string' },
  ...WORKFLOW_RUN_OPTIONS,
} as const

/** What parseArgs gives the workflow commands. */
export interface WorkflowValues extends WorkflowRunValues {
  query?: string
  status?: string[]
  format?: string[]
  workflow?: string
}

export const WORKFLOW_USAGE = `  workflows ls [--status draft|saved]... [--format native|comfyui-ui|comfyui-api|invokeai]...
     [--query Q]             one JSON line per workflow, most recently updated first (executions,
                             outputs, last run); --query matches names and the prompts of their assets
  workflow show <id>         print the workflow as a graph (nodes with type, title and parameters;
                             edges) with each node's assets (role, execution) as JSON
${WORKFLOW_VERSION_USAGE}
${WORKFLOW_RUN_USAGE}
  executions ls [--workflow ID] [--status S]...
                             one JSON line per execution, newest first`

const COMMANDS = ['workflows', 'workflow', 'executions'] as const
type WorkflowCommand = (typeof COMMANDS)[number]
// The contract's largest page.
const PAGE = 500

/** True for `workflows`, `workflow` and `executions`. */
export function isWorkflowCommand(command: string): command is WorkflowCommand {
  return isOneOf(COMMANDS, command)
}

/** Runs one workflow command on an open library; resolves to the exit status. */
export async function runWorkflowCommand(
  backend: CliBackend,
  command: WorkflowCommand,
  args: string[],
  values: WorkflowValues,
  print: (value: unknown) => void,
  write: (text: string) => void = (text) => console.log(text),
  report: (line: string) => void = (line) => console.error(line),
): Promise<number> {
  const [verb, ...rest] = args
  if (command === 'workflow' && isVersionVerb(verb)) return runVersionCommand(backend, verb, rest, values, print, write)
  if (command === 'workflow' && verb === 'run') return runWorkflowRun(backend, rest, values, print, report)
  if (command === 'executions' && verb === 'diff') return runExecutionsDiff(backend, rest, print)
  const expected = command === 'workflow' ? 'show' : 'ls'
  if (verb !== expected) {
    const verbs = command === 'workflow' ? `"show", "versions", "json", "diff" or "run"` : `"ls" or "diff"`
    throw new AppError('validation', `${command} needs ${verbs}.\n\n${WORKFLOW_USAGE}`)
  }
  expectArgs(`${command} ${verb}`, rest, {
    min: command === 'workflow' ? 1 : 0,
    max: command === 'workflow' ? 1 : 0,
    needs: 'a workflow id',
  })
  // Status and format words come from the command line as typed: the contract's schema refuses unknown ones.
  if (command === 'workflows') {
    const filter = {
      query: values.query,
      status: values.status,
      format: values.format,
    } as ChannelInput<'workflows:list'>
    for await (const item of pages(backend, 'workflows:list', filter)) print(item)
  } else if (command === 'executions') {
    const filter = { workflowId: values.workflow, status: values.status } as ChannelInput<'executions:list'>
    for await (const item of pages(backend, 'executions:list', filter)) print(item)
  } else {
    print(await showWorkflow(backend, rest[0]!))
  }
  return 0
}

/** Every item of a paged list channel, page by page. */
async function* pages<C extends 'workflows:list' | 'executions:list' | 'workflows:videos'>(
  backend: CliBackend,
  channel: C,
  input: Omit<ChannelInput<C>, 'limit' | 'offset'>,
): AsyncGenerator<ChannelOutput<C>['items'][number]> {
  for (let offset = 0; ; offset += PAGE) {
    const page = await backend.call(channel, { ...input, limit: PAGE, offset } as ChannelInput<C>)
    yield* page.items
    if (page.items.length < PAGE) return
  }
}

/**
 * The workflow row, its definition read into the one graph model (nodes with their parameters, edges),
 * and every asset of each node with its role and execution; assets on node ids the graph lacks are
 * listed under `otherNodes` rather than dropped.
 */
async function showWorkflow(backend: CliBackend, id: string) {
  const got = (await backend.call('workflows:get', { id })) as ChannelOutput<'workflows:get'>
  const media: WorkflowMedia[] = []
  for await (const item of pages(backend, 'workflows:videos', { id })) {
    media.push(item)
  }
  const { definition, ...workflow } = got.workflow
  const graph = toGraph(definition, workflow.format)
  const byNode = new Map<string | null, WorkflowMedia[]>()
  for (const item of media) {
    const list = byNode.get(item.nodeId)
    if (list) list.push(item)
    else byNode.set(item.nodeId, [item])
  }
  const shown = new Set<string>()
  const level = (nodes: GraphNode[], edges: GraphEdge[], prefix: string): ShownLevel => ({
    nodes: nodes.map((node) => {
      // ComfyUI names a node inside a subgraph instance "<instance>:<inner>" in its prompts and files.
      const fullId = prefix + node.id
      shown.add(fullId)
      return {
        id: fullId,
        type: node.type,
        title: node.title,
        parameters: node.parameters,
        ...(node.mode && { mode: node.mode }),
        media: (byNode.get(fullId) ?? []).map(mediaLine),
        ...(node.subgraph && { subgraph: level(node.subgraph.nodes, node.subgraph.edges, `${fullId}:`) }),
      }
    }),
    edges: edges.map(({ from, to, type }) => ({ from, to, type })),
  })
  const { nodes, edges } = level(graph.nodes, graph.edges, '')
  const otherNodes = got.nodes
    // An asset on no save node (null) is listed with the nodes outside the graph.
    .filter((node) => node.nodeId === null || !shown.has(node.nodeId))
    .map((node) => ({ id: node.nodeId, type: node.nodeType, media: (byNode.get(node.nodeId) ?? []).map(mediaLine) }))
  return { workflow, nodes, edges, problems: graph.problems, otherNodes }
}

interface ShownLevel {
  nodes: Array<Record<string, unknown>>
  edges: Array<Pick<GraphEdge, 'from' | 'to' | 'type'>>
}

function mediaLine(item: WorkflowMedia) {
  return { id: item.asset.id, name: item.asset.name, role: item.role, executionId: item.executionId }
}
