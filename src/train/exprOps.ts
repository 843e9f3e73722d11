import type { Expr, FunctionName } from '../core/expr/ast';
import type { Derived } from '../core/expr/derive';
import type { TF, Tensor, Tensor1D, Tensor2D } from './tf';

/**
 * A formula as tfjs ops on columns x, y ([K, 1] each): one op per node, in the tree's order, so on
 * the cpu backend (each op computed in float64, stored as float32) it gives exactly the numbers of
 * src/core/expr/evaluate.ts' compile32. Constants are numbers, which tfjs makes float32 scalars.
 */
export function exprToOps(tf: TF, e: Expr, x: Tensor, y: Tensor): Tensor {
  const fns: Record<FunctionName, (a: Tensor) => Tensor> = {
    exp: tf.exp,
    log: tf.log,
    sqrt: tf.sqrt,
    sin: tf.sin,
    cos: tf.cos,
    tanh: tf.tanh,
    abs: tf.abs,
    sign: tf.sign,
  };
  const go = (n: Expr): Tensor | number => {
    switch (n.k) {
      case 'num':
        return n.v;
      case 'var':
        return n.name === 'x' ? x : y;
      case 'neg': {
        const a = go(n.a);
        return typeof a === 'number' ? -a : tf.neg(a);
      }
      case 'fn':
        return fns[n.f](tensor(go(n.a)));
      default: {
        const a = go(n.a);
        const b = go(n.b);
        if (n.k === 'pow' && typeof b === 'number' && b === 2) return tf.square(tensor(a));
        // At least one side is a tensor: a tree of constants alone was folded when built, and a
        // typed one (parse.ts keeps "2*3" as written) is made a tensor here.
        const [ta, tb] = typeof a === 'number' && typeof b === 'number' ? [tensor(a), b] : [a, b];
        switch (n.k) {
          case 'add':
            return tf.add(ta, tb);
          case 'sub':
            return tf.sub(ta, tb);
          case 'mul':
            return tf.mul(ta, tb);
          case 'div':
            return tf.div(ta, tb);
          case 'pow':
            return tf.pow(ta, tb);
        }
      }
    }
  };
  // A constant formula (or derivative) is that number at every row.
  const tensor = (v: Tensor | number): Tensor => (typeof v === 'number' ? tf.fill(x.shape, v) : v);
  return tensor(go(e));
}

/**
 * Loss and gradient of a formula scene for θ [K, P] (P = 1 or 2): the generated ops of the loss and
 * of each derived partial derivative, on θ's columns.
 */
export function formulaOps(tf: TF, derived: Derived) {
  const P = derived.grad.length;
  const columns = (theta: Tensor2D): [Tensor, Tensor] => {
    if (P === 1) return [theta, theta];
    const [x, y] = tf.split(tf.transpose(theta), 2, 0);
    return [tf.reshape(x!, [-1, 1]), tf.reshape(y!, [-1, 1])];
  };
  const loss = (theta: Tensor2D) => {
    const [x, y] = columns(theta);
    return tf.reshape(exprToOps(tf, derived.loss, x, y), [-1]) as Tensor1D;
  };
  return {
    loss,
    lossAndGrad: (theta: Tensor2D) => {
      const [x, y] = columns(theta);
      const parts = derived.grad.map((g) => tf.reshape(exprToOps(tf, g, x, y), [1, -1]));
      return {
        loss: tf.reshape(exprToOps(tf, derived.loss, x, y), [-1]) as Tensor1D,
        grad: tf.transpose(tf.concat(parts, 0)) as Tensor2D,
      };
    },
    dispose: () => undefined,
  };
}
