import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

/** tfjs' cpu backend prints a "use tfjs-node" banner on its first tensor in Node: keep it quiet. */
export async function quietStart(name: 'cpu' | 'wasm'): Promise<void> {
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    if (!(await tf.setBackend(name))) throw new Error(`the ${name} backend did not start`);
    await tf.ready();
    tf.tidy(() => tf.scalar(0));
  } finally {
    console.warn = warn;
  }
}
