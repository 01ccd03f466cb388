import { createClient } from './client'
import { electronTransport } from './electron-transport'
import { webTransport } from './web-transport'

/** The one API the renderer uses; it alone knows which host it runs under. */
export const api = createClient(window.api ? electronTransport(window.api) : webTransport())
