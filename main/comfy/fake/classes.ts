/** How the fake treats a node class: the inputs it requires, what it returns, what it does. */
export type FakeClass = {
  required: readonly string[]
  /** Output types by slot: a link `[node, slot]` must name one of them. */
  returns: readonly string[]
  /** An output node: ComfyUI runs a prompt for these (and what they need). */
  output?: boolean
  /** A sampler: one progress message per `steps` input. */
  sampler?: boolean
  /** What the node writes: a PNG (SaveImage: output folder; PreviewImage: temp) or VideoHelperSuite's video. */
  saves?: 'image' | 'preview' | 'video'
}

const SAMPLER_INPUTS = ['model', 'steps', 'cfg', 'sampler_name', 'scheduler', 'positive', 'negative', 'latent_image']

/**
 * The node classes the fake knows, with the required inputs of ComfyUI's (and
 * VideoHelperSuite's) own definitions; any other class is refused as ComfyUI refuses a class no
 * installed node pack provides.
 */
const FAKE_CLASSES: Readonly<Record<string, FakeClass>> = {
  CheckpointLoaderSimple: { required: ['ckpt_name'], returns: ['MODEL', 'CLIP', 'VAE'] },
  UNETLoader: { required: ['unet_name', 'weight_dtype'], returns: ['MODEL'] },
  VAELoader: { required: ['vae_name'], returns: ['VAE'] },
  CLIPLoader: { required: ['clip_name'], returns: ['CLIP'] },
  LoraLoader: {
    required: ['model', 'clip', 'lora_name', 'strength_model', 'strength_clip'],
    returns: ['MODEL', 'CLIP'],
  },
  CLIPSetLastLayer: { required: ['clip', 'stop_at_clip_layer'], returns: ['CLIP'] },
  CLIPTextEncode: { required: ['text', 'clip'], returns: ['CONDITIONING'] },
  EmptyLatentImage: { required: ['width', 'height', 'batch_size'], returns: ['LATENT'] },
  LatentUpscale: { required: ['samples', 'upscale_method', 'width', 'height', 'crop'], returns: ['LATENT'] },
  KSampler: { required: ['seed', ...SAMPLER_INPUTS, 'denoise'], returns: ['LATENT'], sampler: true },
  KSamplerAdvanced: {
    required: [
      'add_noise',
      'noise_seed',
      ...SAMPLER_INPUTS,
      'start_at_step',
      'end_at_step',
      'return_with_leftover_noise',
    ],
    returns: ['LATENT'],
    sampler: true,
  },
  VAEDecode: { required: ['samples', 'vae'], returns: ['IMAGE'] },
  VAEEncode: { required: ['pixels', 'vae'], returns: ['LATENT'] },
  LoadImage: { required: ['image'], returns: ['IMAGE', 'MASK'] },
  ImageScaleBy: { required: ['image', 'upscale_method', 'scale_by'], returns: ['IMAGE'] },
  SaveImage: { required: ['images', 'filename_prefix'], returns: [], output: true, saves: 'image' },
  PreviewImage: { required: ['images'], returns: [], output: true, saves: 'preview' },
  // VideoHelperSuite: only what every version of its node requires (later ones added pingpong, save_output).
  VHS_VideoCombine: {
    required: ['images', 'frame_rate', 'filename_prefix', 'format'],
    returns: ['VHS_FILENAMES'],
    output: true,
    saves: 'video',
  },
}

/** The fake's class of a node, or undefined for one it does not know. */
export function fakeClass(classType: string): FakeClass | undefined {
  return Object.hasOwn(FAKE_CLASSES, classType) ? FAKE_CLASSES[classType] : undefined
}
