import type { BackendName } from '../train/backend';

/**
 * Renderer names of software rasterisers: SwiftShader (Chromium's, also what `--enable-unsafe-webgpu`
 * falls back to), Mesa's llvmpipe and softpipe, Microsoft's Basic Render Driver.
 */
const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/** The parts of WebGPU's adapter this reads (the DOM typings here do not include WebGPU). */
interface AdapterLike {
  readonly isFallbackAdapter?: boolean;
  readonly info?: {
    readonly vendor?: string;
    readonly architecture?: string;
    readonly description?: string;
    readonly isFallbackAdapter?: boolean;
  };
}
type GpuNavigator = { gpu?: { requestAdapter(): Promise<AdapterLike | null> } };

/**
 * Whether `name`'s GPU is emulated on the CPU, as the browser reports it: WebGPU's adapter says it
 * is a fallback adapter or names SwiftShader (GPUAdapterInfo, W3C WebGPU §3.4); WebGL names its
 * renderer (WEBGL_debug_renderer_info, or RENDERER where that is hidden). wasm and cpu are not GPUs.
 */
export async function emulatedGpu(name: BackendName): Promise<boolean> {
  if (name === 'webgpu') {
    const adapter = await (navigator as GpuNavigator).gpu?.requestAdapter();
    if (!adapter) return false;
    const info = adapter.info;
    return (
      adapter.isFallbackAdapter === true ||
      info?.isFallbackAdapter === true ||
      SOFTWARE.test(`${info?.vendor ?? ''} ${info?.architecture ?? ''} ${info?.description ?? ''}`)
    );
  }
  if (name === 'webgl') {
    if (typeof OffscreenCanvas === 'undefined') return false;
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return false;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return SOFTWARE.test(renderer);
  }
  return false;
}
