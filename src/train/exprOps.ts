import { print, type Expr, type FunctionName } from '../core/expr/ast';
import { LOG_COSH_SWITCH } from '../core/expr/logCosh';
import type { Derived } from '../core/expr/derive';
import type { TF, Tensor, Tensor1D, Tensor2D } from './tf';

/**
 * A formula as tfjs ops on columns x, y ([K, 1] each): one op per node, in the tree's order, so on
 * the cpu backend (each op computed in float64, stored as float32) it gives exactly the numbers of
 * src/core/expr/evaluate.ts' compile32. Constants are numbers, which tfjs makes float32 scalars.
 * `memo` shares the ops of equal subtrees between the loss and the gradient of one call (the same
 * ops give the same tensor, so sharing changes no number and saves dispatches). `theta` [K, 2] is
 * what a `dot` node multiplies.
 */
export function exprToOps(
  tf: TF,
  e: Expr,
  x: Tensor,
  y: Tensor,
  memo = new Map<string, Tensor>(),
  theta?: Tensor,
): Tensor {
  const fns: Record<FunctionName, (a: Tensor) => Tensor> = {
    exp: tf.exp,
    log: tf.log,
    sqrt: tf.sqrt,
    sin: tf.sin,
    cos: tf.cos,
    tanh: tf.tanh,
    abs: tf.abs,
    sign: tf.sign,
    logcosh: (w) => logCoshOps(tf, w),
  };
  const go = (n: Expr): Tensor | number => {
    if (n.k === 'num') return n.v;
    if (n.k === 'var') return n.name === 'x' ? x : y;
    const key = print(n);
    const have = memo.get(key);
    if (have) return have;
    const made = make(n);
    if (typeof made !== 'number') memo.set(key, made);
    return made;
  };
  const make = (n: Expr): Tensor | number => {
    switch (n.k) {
      case 'num':
      case 'var':
        return go(n);
      case 'neg': {
        const a = go(n.a);
        return typeof a === 'number' ? -a : tf.neg(a);
      }
      case 'fn':
        return fns[n.f](tensor(go(n.a)));
      default: {
        if (n.k === 'add' && n.dot) return dotOps(n);
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
  // x·c₀ + y·c₁ as the first column of θ·W, W = [[c₀, c₀], [c₁, c₁]] (x, y in θ's order): the
  // [K, 2]×[2, 2] matMul the bowl has always used, so each backend's kernel rounds it as before.
  const dotOps = (n: { readonly a: Expr; readonly b: Expr }): Tensor => {
    const [cx, cy] = dotCoefficients(n);
    const W = tf.tensor2d([cx, cx, cy, cy], [2, 2]);
    const th = theta ?? tf.concat([x, y], 1);
    const full = tf.matMul(th, W);
    W.dispose();
    return tf.slice(full, [0, 0], [-1, 1]);
  };
  // A constant formula (or derivative) is that number at every row.
  const tensor = (v: Tensor | number): Tensor => (typeof v === 'number' ? tf.fill(x.shape, v) : v);
  return tensor(go(e));
}

/** The constants c₀, c₁ of a `dot` node x·c₀ + y·c₁. */
function dotCoefficients(n: { readonly a: Expr; readonly b: Expr }): [number, number] {
  const coef = (v: 'x' | 'y') =>
    [n.a, n.b].reduce(
      (c, t) => (t.k === 'mul' && t.a.k === 'var' && t.a.name === v && t.b.k === 'num' ? t.b.v : c),
      0,
    );
  return [coef('x'), coef('y')];
}

const isDot = (e: Expr): e is Extract<Expr, { k: 'add' }> => e.k === 'add' && e.dot === true;

/**
 * log cosh w as tfjs ops, as src/core/expr/logCosh.ts computes it: the sinh form near 0 (its |w|
 * clamped to the switch so its unused values stay finite), the exp form far out.
 */
function logCoshOps(tf: TF, w: Tensor): Tensor {
  const a = tf.abs(w);
  const near = tf.log1p(tf.mul(tf.square(tf.sinh(tf.mul(tf.minimum(a, LOG_COSH_SWITCH), 0.5))), 2));
  const far = tf.add(tf.sub(a, Math.LN2), tf.log1p(tf.exp(tf.mul(a, -2))));
  // A 0/1 mask rather than tf.where on tf.less: comparisons have no gradient in tfjs, and
  // tf.step (gradient zero) keeps the loss differentiable for autodiff checks and later users.
  const mask = tf.step(tf.sub(LOG_COSH_SWITCH, a));
  // mask·near + (1 − mask)·far selects exactly (0·finite = 0); far + mask·(near − far) would not.
  return tf.add(tf.mul(mask, near), tf.mul(tf.sub(1, mask), far));
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
    return tf.reshape(exprToOps(tf, derived.loss, x, y, new Map(), theta), [-1]) as Tensor1D;
  };
  return {
    loss,
    lossAndGrad: (theta: Tensor2D) => {
      const [x, y] = columns(theta);
      const memo = new Map<string, Tensor>();
      if (P === 2 && derived.grad.every(isDot)) {
        // A gradient of matMul entries (the bowl's θH): both columns from ONE [K, 2]×[2, 2]
        // matMul, as the bowl has always computed them, rather than one matMul per column. An entry
        // of a matMul is the same number whatever the other columns are, so the loss, which reads
        // the columns, is unchanged, and the gradient is the product itself.
        const [c0x, c0y] = dotCoefficients(derived.grad[0]!);
        const [c1x, c1y] = dotCoefficients(derived.grad[1]!);
        const W = tf.tensor2d([c0x, c1x, c0y, c1y], [2, 2]);
        const grad = tf.matMul(theta, W) as Tensor2D;
        W.dispose();
        derived.grad.forEach((d, i) => memo.set(print(d), tf.slice(grad, [0, i], [-1, 1])));
        const lossOut = tf.reshape(exprToOps(tf, derived.loss, x, y, memo, theta), [-1]);
        return { loss: lossOut as Tensor1D, grad };
      }
      // The gradient first, then the loss: the bowl's loss ½θ·∇L reads the gradient's matMul.
      const g = derived.grad.map((d) => exprToOps(tf, d, x, y, memo, theta));
      const lossOut = tf.reshape(exprToOps(tf, derived.loss, x, y, memo, theta), [-1]) as Tensor1D;
      const grad =
        P === 1
          ? (tf.reshape(g[0]!, [-1, 1]) as Tensor2D)
          : (tf.transpose(
              tf.concat(
                g.map((t) => tf.reshape(t, [1, -1])),
                0,
              ),
            ) as Tensor2D);
      return { loss: lossOut, grad };
    },
    dispose: () => undefined,
  };
}
