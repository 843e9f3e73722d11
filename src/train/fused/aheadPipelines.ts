/// <reference types="@webgpu/types" />

/*
 * Pipelines compiled for a tfjs WebGPU program before tfjs has loaded. On WebGPU without a GPU
 * (SwiftShader) a network's step takes 0.3–0.9 s to compile in Chromium, and tfjs compiles it only
 * once it has loaded (most of a second in a worker) and the training's data is ready, so the
 * first curve waited for both in turn. The worker entry has the device long before that
 * (src/worker/gpuDevice.ts), so it compiles the program there (`compileAhead`) from WGSL of its
 * own: the program's code with the declarations tfjs would put before it. When tfjs then compiles
 * the same program (its `compileProgram` calls `device.createComputePipeline` for a program it has
 * not cached), `runWithPipeline` hands it that pipeline instead, which tfjs binds and dispatches as
 * its own. Keyed by the program's own key (its `shaderKey`), which fixes its code; tfjs' longer
 * key adds the inputs' ranks and types, the same for every call of such a program.
 */

/** Compiles under way or done, per device and program key; undefined where the compile failed. */
const compiles = new WeakMap<GPUDevice, Map<string, Promise<GPUComputePipeline | undefined>>>();
/** The compiled ones, for the synchronous kernel, with their shader modules. */
const compiled = new WeakMap<
  GPUDevice,
  Map<string, { pipeline: GPUComputePipeline; module: GPUShaderModule }>
>();

function mapOf<V>(maps: WeakMap<GPUDevice, Map<string, V>>, device: GPUDevice): Map<string, V> {
  let mine = maps.get(device);
  if (!mine) maps.set(device, (mine = new Map()));
  return mine;
}

/**
 * Starts compiling `code` (entry point `_start`, automatic layout, as tfjs compiles) for the
 * program `key` on `device`, unless that is under way or done. A failed compile is dropped: tfjs
 * then compiles its own as it always did.
 */
export function compileAhead(device: GPUDevice, key: string, code: string): void {
  const mine = mapOf(compiles, device);
  if (mine.has(key)) return;
  const module = device.createShaderModule({ code });
  mine.set(
    key,
    device
      .createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint: '_start' } })
      .then(
        (pipeline) => {
          mapOf(compiled, device).set(key, { pipeline, module });
          return pipeline;
        },
        () => undefined,
      ),
  );
}

/** Settles once the program's compile ahead (if any) has ended, so its first call can use it. */
export async function whenCompiled(device: GPUDevice | undefined, key: string): Promise<void> {
  if (device) await compiles.get(device)?.get(key);
}

/**
 * Runs `run` (which calls tfjs' `runWebGPUProgram` for the program `key`) with the pipeline
 * compiled ahead for it as the one `device.createComputePipeline` gives, if there is one: tfjs
 * then caches that pipeline as its own and does not compile the program again. Its shader module
 * is what `device.createShaderModule` gives meanwhile, so that the GPU process does not parse and
 * check tfjs' text of the program (tens of milliseconds on SwiftShader) ahead of its first step.
 */
export function runWithPipeline<T>(device: GPUDevice | undefined, key: string, run: () => T): T {
  const ahead = device && compiled.get(device)?.get(key);
  if (!device || !ahead) return run();
  const names = ['createComputePipeline', 'createShaderModule'] as const;
  const own = names.map((n) => Object.getOwnPropertyDescriptor(device, n));
  const given = [ahead.pipeline, ahead.module];
  names.forEach((n, i) =>
    Object.defineProperty(device, n, { value: () => given[i], configurable: true, writable: true }),
  );
  try {
    return run();
  } finally {
    names.forEach((n, i) => {
      const was = own[i];
      if (was) Object.defineProperty(device, n, was);
      else delete (device as Partial<GPUDevice>)[n];
    });
  }
}
