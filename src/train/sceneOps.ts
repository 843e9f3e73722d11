import type { AnalyticSpec } from './fused/analyticKernel';
import type { Tensor1D, Tensor2D } from './tf';

/**
 * A scene's loss over stacked parameters: θ is [K, P] (K runs or K grid points), the result is
 * `loss` [K] and, when asked, `grad` = ∂loss_k/∂θ_k as [K, P]. One call serves all runs of a step
 * and all points of a surface grid alike.
 */
export interface BatchedLoss {
  (theta: Tensor2D): Tensor1D;
}
export interface BatchedLossAndGrad {
  (theta: Tensor2D): { loss: Tensor1D; grad: Tensor2D };
}
export interface SceneOps {
  readonly loss: BatchedLoss;
  /** The analytic scenes' description for the fused kernel (src/train/fused). */
  readonly analytic?: AnalyticSpec;
  readonly lossAndGrad: BatchedLossAndGrad;
  /** Frees the constant tensors the scene holds. */
  dispose(): void;
}
