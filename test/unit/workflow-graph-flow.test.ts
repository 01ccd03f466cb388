import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { toGraph } from '../../shared/workflow-graph'
import { flowElements, type WorkflowFlowNode } from '../../renderer/src/features/workflows/flow-elements'
import { layoutGraph, nodeHeight, THUMBNAIL_ROW_HEIGHT } from '../../renderer/src/features/workflows/graph-layout'

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/workflows')
const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'))

describe('flowElements', () => {
  const graph = toGraph(fixture('comfyui-ui-v04.json'))
  const posters = { '9': ['/media/a.jpg'] }
  const { nodes, edges } = flowElements(graph, layoutGraph(graph), posters)
  const drawn = (id: string) => nodes.find((node) => node.id === id) as WorkflowFlowNode

  it('draws the groups of a stored layout behind the nodes', () => {
    const groups = nodes.filter((node) => node.type === 'workflowGroup')
    expect(groups.map((group) => [group.id, group.width, group.height, group.zIndex])).toEqual([
      ['group:group-0', 450, 480, -1],
      ['group:group-1', 360, 760, -1],
      ['group:group-2', 440, 210, -1],
    ])
  })

  it("sizes nodes up front: the file's width (bounded), the height of what they show", () => {
    expect(drawn('6')).toMatchObject({ position: { x: 415, y: 186 }, width: 420, height: nodeHeight(graph.nodes[1]!) })
    expect(drawn('8').width).toBe(210)
    expect(drawn('9').height).toBe(nodeHeight(graph.nodes.find((n) => n.id === '9')!) + THUMBNAIL_ROW_HEIGHT)
    expect(drawn('9').data.thumbnails).toEqual(['/media/a.jpg'])
    expect(drawn('3').data.parameters).toEqual([
      ['seed', '156680208700286'],
      ['steps', '20'],
      ['cfg', '8'],
    ])
  })

  it('labels nodes for screen readers and classes edges by data type', () => {
    expect(drawn('6').ariaLabel).toBe('Positive prompt (CLIPTextEncode), node 6')
    expect(drawn('3').ariaLabel).toBe('KSampler, node 3')
    expect(edges.find((edge) => edge.id === '1')).toMatchObject({
      source: '4',
      target: '3',
      className: 'wf-edge wf-edge-model',
    })
  })

  it('leaves groups out of a computed layout, whose coordinates they do not share', () => {
    const api = toGraph(fixture('comfyui-api.json'))
    const withGroups = { ...api, groups: graph.groups }
    const elements = flowElements(withGroups, layoutGraph(withGroups), undefined)
    expect(elements.nodes.every((node) => node.type === 'workflow')).toBe(true)
  })
})
