// The op table: every tensor operation tsnas exposes is one line here, naming its aten schema(s) and its
// TypeScript signature. The same entry becomes the functional form (`ops.add(a, b)`) and, for ops whose first
// argument is the tensor itself, the method (`a.add(b)`). Arguments are positional in schema order; the addon
// converts them per the schema and fills defaults, so a trailing argument may be left out.
import { native } from '../native.js';
import { checkInt, checkShape } from './check.js';
import { isTensor, Tensor } from './tensor-core.js';

type T = Tensor;
type S = number | boolean;
type Dims = number | readonly number[];
type Shape = readonly number[];
/** dtype / memory format codes are passed as numbers; the Tensor wrappers translate names. */
type Code = number;

interface OpDef<F> {
  readonly schemas: readonly string[];
  /** Index into `schemas` for these arguments; default: a number second argument picks schemas[1]. */
  readonly choose?: (args: readonly unknown[]) => number;
  readonly signature?: F;
}

// biome-ignore lint/suspicious/noExplicitAny: every typed op signature must extend this bound; unknown[] parameters would refuse them
type Fn = (...args: any[]) => unknown;

function op<F extends Fn>(...schemas: string[]): OpDef<F> {
  return { schemas };
}
function opBy<F extends Fn>(choose: (args: readonly unknown[]) => number, ...schemas: string[]): OpDef<F> {
  return { schemas, choose };
}
const byScalarSecond = (a: readonly unknown[]): number => (typeof a[1] === 'number' || typeof a[1] === 'boolean' ? 1 : 0);
const byMissingSecond = (a: readonly unknown[]): number => (a[1] === undefined || a[1] === null ? 1 : 0);
const byScalarThird = (a: readonly unknown[]): number => (typeof a[2] === 'number' || typeof a[2] === 'boolean' ? 1 : 0);

/** Ops whose first argument is `self`: each is also a Tensor method. */
export const methodOps = {
  // arithmetic (number second argument uses the Scalar overload, as Python does)
  add: op<(self: T, other: T | S, alpha?: number) => T>('aten::add.Tensor', 'aten::add.Scalar'),
  sub: op<(self: T, other: T | S, alpha?: number) => T>('aten::sub.Tensor', 'aten::sub.Scalar'),
  mul: op<(self: T, other: T | S) => T>('aten::mul.Tensor', 'aten::mul.Scalar'),
  div: op<(self: T, other: T | S) => T>('aten::div.Tensor', 'aten::div.Scalar'),
  pow: op<(self: T, exponent: T | S) => T>('aten::pow.Tensor_Tensor', 'aten::pow.Tensor_Scalar'),
  remainder: op<(self: T, other: T | S) => T>('aten::remainder.Tensor', 'aten::remainder.Scalar'),
  floorDivide: op<(self: T, other: T | S) => T>('aten::floor_divide', 'aten::floor_divide.Scalar'),
  rsub: op<(self: T, other: T | S, alpha?: number) => T>('aten::rsub.Tensor', 'aten::rsub.Scalar'),
  maximum: op<(self: T, other: T) => T>('aten::maximum'),
  minimum: op<(self: T, other: T) => T>('aten::minimum'),
  atan2: op<(self: T, other: T) => T>('aten::atan2'),
  lerp: op<(self: T, end: T, weight: T | S) => T>('aten::lerp.Tensor', 'aten::lerp.Scalar'),
  matmul: op<(self: T, other: T) => T>('aten::matmul'),
  mm: op<(self: T, mat2: T) => T>('aten::mm'),
  bmm: op<(self: T, mat2: T) => T>('aten::bmm'),
  outer: op<(self: T, vec2: T) => T>('aten::outer'),
  dot: op<(self: T, other: T) => T>('aten::dot'),
  // comparisons and logic
  eq: op<(self: T, other: T | S) => T>('aten::eq.Tensor', 'aten::eq.Scalar'),
  ne: op<(self: T, other: T | S) => T>('aten::ne.Tensor', 'aten::ne.Scalar'),
  lt: op<(self: T, other: T | S) => T>('aten::lt.Tensor', 'aten::lt.Scalar'),
  le: op<(self: T, other: T | S) => T>('aten::le.Tensor', 'aten::le.Scalar'),
  gt: op<(self: T, other: T | S) => T>('aten::gt.Tensor', 'aten::gt.Scalar'),
  ge: op<(self: T, other: T | S) => T>('aten::ge.Tensor', 'aten::ge.Scalar'),
  logicalAnd: op<(self: T, other: T) => T>('aten::logical_and'),
  logicalOr: op<(self: T, other: T) => T>('aten::logical_or'),
  logicalNot: op<(self: T) => T>('aten::logical_not'),
  isnan: op<(self: T) => T>('aten::isnan'),
  isfinite: op<(self: T) => T>('aten::isfinite'),
  allclose: op<(self: T, other: T, rtol?: number, atol?: number, equalNan?: boolean) => boolean>('aten::allclose'),
  equal: op<(self: T, other: T) => boolean>('aten::equal'),
  maskedFill: opBy<(self: T, mask: T, value: S | T) => T>(byScalarThird, 'aten::masked_fill.Tensor', 'aten::masked_fill.Scalar'),
  // unary math
  neg: op<(self: T) => T>('aten::neg'),
  abs: op<(self: T) => T>('aten::abs'),
  exp: op<(self: T) => T>('aten::exp'),
  log: op<(self: T) => T>('aten::log'),
  log2: op<(self: T) => T>('aten::log2'),
  log1p: op<(self: T) => T>('aten::log1p'),
  sqrt: op<(self: T) => T>('aten::sqrt'),
  rsqrt: op<(self: T) => T>('aten::rsqrt'),
  square: op<(self: T) => T>('aten::square'),
  reciprocal: op<(self: T) => T>('aten::reciprocal'),
  sin: op<(self: T) => T>('aten::sin'),
  cos: op<(self: T) => T>('aten::cos'),
  tanh: op<(self: T) => T>('aten::tanh'),
  sigmoid: op<(self: T) => T>('aten::sigmoid'),
  relu: op<(self: T) => T>('aten::relu'),
  sign: op<(self: T) => T>('aten::sign'),
  floor: op<(self: T) => T>('aten::floor'),
  ceil: op<(self: T) => T>('aten::ceil'),
  round: op<(self: T) => T>('aten::round'),
  erf: op<(self: T) => T>('aten::erf'),
  clamp: op<(self: T, min?: number | null, max?: number | null) => T>('aten::clamp'),
  clampMin: op<(self: T, min: number) => T>('aten::clamp_min'),
  clampMax: op<(self: T, max: number) => T>('aten::clamp_max'),
  softmax: op<(self: T, dim: number, dtype?: Code | null) => T>('aten::softmax.int'),
  logSoftmax: op<(self: T, dim: number, dtype?: Code | null) => T>('aten::log_softmax.int'),
  // reductions (no dim: whole tensor)
  sum: opBy<{ (self: T): T; (self: T, dim: Dims | null, keepdim?: boolean, dtype?: Code | null): T }>(
    byMissingSecond,
    'aten::sum.dim_IntList',
    'aten::sum',
  ),
  mean: opBy<{ (self: T): T; (self: T, dim: Dims | null, keepdim?: boolean, dtype?: Code | null): T }>(
    byMissingSecond,
    'aten::mean.dim',
    'aten::mean',
  ),
  prod: opBy<{ (self: T): T; (self: T, dim: number, keepdim?: boolean): T }>(byMissingSecond, 'aten::prod.dim_int', 'aten::prod'),
  max: opBy<{ (self: T): T; (self: T, dim: number, keepdim?: boolean): [values: T, indices: T] }>(byMissingSecond, 'aten::max.dim', 'aten::max'),
  min: opBy<{ (self: T): T; (self: T, dim: number, keepdim?: boolean): [values: T, indices: T] }>(byMissingSecond, 'aten::min.dim', 'aten::min'),
  amax: op<(self: T, dim?: Dims, keepdim?: boolean) => T>('aten::amax'),
  amin: op<(self: T, dim?: Dims, keepdim?: boolean) => T>('aten::amin'),
  argmax: op<(self: T, dim?: number | null, keepdim?: boolean) => T>('aten::argmax'),
  argmin: op<(self: T, dim?: number | null, keepdim?: boolean) => T>('aten::argmin'),
  /** correction 1 = unbiased (PyTorch's default), 0 = population. */
  var: op<(self: T, dim?: Dims | null, correction?: number | null, keepdim?: boolean) => T>('aten::var.correction'),
  std: op<(self: T, dim?: Dims | null, correction?: number | null, keepdim?: boolean) => T>('aten::std.correction'),
  /** p-norm over `dim` (all elements when null), as torch.linalg.vector_norm. */
  norm: op<(self: T, ord?: number, dim?: Dims | null, keepdim?: boolean, dtype?: Code | null) => T>('aten::linalg_vector_norm'),
  logsumexp: op<(self: T, dim: Dims, keepdim?: boolean) => T>('aten::logsumexp'),
  cumsum: op<(self: T, dim: number, dtype?: Code | null) => T>('aten::cumsum'),
  all: opBy<{ (self: T): T; (self: T, dim: number, keepdim?: boolean): T }>(byMissingSecond, 'aten::all.dim', 'aten::all'),
  any: opBy<{ (self: T): T; (self: T, dim: number, keepdim?: boolean): T }>(byMissingSecond, 'aten::any.dim', 'aten::any'),
  topk: op<(self: T, k: number, dim?: number, largest?: boolean, sorted?: boolean) => [values: T, indices: T]>('aten::topk'),
  sort: op<(self: T, dim?: number, descending?: boolean) => [values: T, indices: T]>('aten::sort'),
  argsort: op<(self: T, dim?: number, descending?: boolean) => T>('aten::argsort'),
  // shape and indexing
  view: op<(self: T, shape: Shape) => T>('aten::view'),
  reshape: op<(self: T, shape: Shape) => T>('aten::reshape'),
  viewAs: op<(self: T, other: T) => T>('aten::view_as'),
  permute: op<(self: T, dims: Shape) => T>('aten::permute'),
  transpose: op<(self: T, dim0: number, dim1: number) => T>('aten::transpose.int'),
  t: op<(self: T) => T>('aten::t'),
  flatten: op<(self: T, startDim?: number, endDim?: number) => T>('aten::flatten.using_ints'),
  unflatten: op<(self: T, dim: number, sizes: Shape) => T>('aten::unflatten.int'),
  squeeze: opBy<{ (self: T): T; (self: T, dim: number): T }>(byMissingSecond, 'aten::squeeze.dim', 'aten::squeeze'),
  unsqueeze: op<(self: T, dim: number) => T>('aten::unsqueeze'),
  expand: op<(self: T, shape: Shape, implicit?: boolean) => T>('aten::expand'),
  expandAs: op<(self: T, other: T) => T>('aten::expand_as'),
  repeat: op<(self: T, repeats: Shape) => T>('aten::repeat'),
  narrow: op<(self: T, dim: number, start: number, length: number) => T>('aten::narrow'),
  slice: op<(self: T, dim?: number, start?: number | null, end?: number | null, step?: number) => T>('aten::slice.Tensor'),
  select: op<(self: T, dim: number, index: number) => T>('aten::select.int'),
  indexSelect: op<(self: T, dim: number, index: T) => T>('aten::index_select'),
  index: op<(self: T, indices: readonly (T | null)[]) => T>('aten::index.Tensor'),
  gather: op<(self: T, dim: number, index: T, sparseGrad?: boolean) => T>('aten::gather'),
  scatter: opBy<(self: T, dim: number, index: T, src: T | number) => T>(
    (a) => (typeof a[3] === 'number' ? 1 : 0),
    'aten::scatter.src',
    'aten::scatter.value',
  ),
  maskedSelect: op<(self: T, mask: T) => T>('aten::masked_select'),
  chunk: op<(self: T, chunks: number, dim?: number) => T[]>('aten::chunk'),
  split: opBy<(self: T, size: number | Shape, dim?: number) => T[]>(
    (a) => (Array.isArray(a[1]) ? 1 : 0),
    'aten::split.Tensor',
    'aten::split_with_sizes',
  ),
  unbind: op<(self: T, dim?: number) => T[]>('aten::unbind.int'),
  flip: op<(self: T, dims: Shape) => T>('aten::flip'),
  roll: op<(self: T, shifts: Dims, dims?: Dims) => T>('aten::roll'),
  /** pad: [left, right, top, bottom, ...] from the last dim backwards, as F.pad. */
  pad: op<(self: T, pad: Shape, mode?: 'constant' | 'reflect' | 'replicate' | 'circular', value?: number | null) => T>('aten::pad'),
  nonzero: op<(self: T) => T>('aten::nonzero'),
  where: opBy<(condition: T, self: T, other: T | S) => T>(byScalarThird, 'aten::where.self', 'aten::where.ScalarOther'),
  clone: op<(self: T, memoryFormat?: Code | null) => T>('aten::clone'),
  contiguousAs: op<(self: T, memoryFormat?: Code) => T>('aten::contiguous'),
  detach: op<(self: T) => T>('aten::detach'),
  toOptions:
    op<
      (
        self: T,
        dtype?: Code | null,
        layout?: Code | null,
        device?: string | null,
        pinMemory?: boolean | null,
        nonBlocking?: boolean,
        copy?: boolean,
        memoryFormat?: Code | null,
      ) => T
    >('aten::to.dtype_layout'),
  // in place (return self)
  add_: op<(self: T, other: T | S, alpha?: number) => T>('aten::add_.Tensor', 'aten::add_.Scalar'),
  sub_: op<(self: T, other: T | S, alpha?: number) => T>('aten::sub_.Tensor', 'aten::sub_.Scalar'),
  mul_: op<(self: T, other: T | S) => T>('aten::mul_.Tensor', 'aten::mul_.Scalar'),
  div_: op<(self: T, other: T | S) => T>('aten::div_.Tensor', 'aten::div_.Scalar'),
  pow_: op<(self: T, exponent: T | S) => T>('aten::pow_.Tensor', 'aten::pow_.Scalar'),
  addcmul_: op<(self: T, tensor1: T, tensor2: T, value?: number) => T>('aten::addcmul_'),
  addcdiv_: op<(self: T, tensor1: T, tensor2: T, value?: number) => T>('aten::addcdiv_'),
  lerp_: op<(self: T, end: T, weight: T | S) => T>('aten::lerp_.Tensor', 'aten::lerp_.Scalar'),
  copy_: op<(self: T, src: T, nonBlocking?: boolean) => T>('aten::copy_'),
  zero_: op<(self: T) => T>('aten::zero_'),
  fill_: op<(self: T, value: T | S) => T>('aten::fill_.Tensor', 'aten::fill_.Scalar'),
  clamp_: op<(self: T, min?: number | null, max?: number | null) => T>('aten::clamp_'),
  clampMin_: op<(self: T, min: number) => T>('aten::clamp_min_'),
  relu_: op<(self: T) => T>('aten::relu_'),
  sqrt_: op<(self: T) => T>('aten::sqrt_'),
  neg_: op<(self: T) => T>('aten::neg_'),
  exp_: op<(self: T) => T>('aten::exp_'),
  sigmoid_: op<(self: T) => T>('aten::sigmoid_'),
  maskedFill_: opBy<(self: T, mask: T, value: T | S) => T>(byScalarThird, 'aten::masked_fill_.Tensor', 'aten::masked_fill_.Scalar'),
  indexAdd_: op<(self: T, dim: number, index: T, source: T, alpha?: number) => T>('aten::index_add_'),
  indexPut_: op<(self: T, indices: readonly (T | null)[], values: T, accumulate?: boolean) => T>('aten::index_put_'),
  normal_: op<(self: T, mean?: number, std?: number) => T>('aten::normal_'),
  uniform_: op<(self: T, from?: number, to?: number) => T>('aten::uniform_'),
  bernoulli_: op<(self: T, p: number) => T>('aten::bernoulli_.float'),
} as const;

/** Functional ops with no tensor `self`: creation, joins and the neural-network primitives. */
export const functionOps = {
  cat: op<(tensors: readonly T[], dim?: number) => T>('aten::cat'),
  stack: op<(tensors: readonly T[], dim?: number) => T>('aten::stack'),
  zeros: op<(shape: Shape, dtype?: Code | null, layout?: Code | null, device?: string | null) => T>('aten::zeros'),
  ones: op<(shape: Shape, dtype?: Code | null, layout?: Code | null, device?: string | null) => T>('aten::ones'),
  empty:
    op<(shape: Shape, dtype?: Code | null, layout?: Code | null, device?: string | null, pin?: boolean | null, memoryFormat?: Code | null) => T>(
      'aten::empty.memory_format',
    ),
  full: op<(shape: Shape, value: S, dtype?: Code | null, layout?: Code | null, device?: string | null) => T>('aten::full'),
  arange:
    op<(start: number, end: number, step?: number, dtype?: Code | null, layout?: Code | null, device?: string | null) => T>(
      'aten::arange.start_step',
    ),
  linspace: op<(start: number, end: number, steps: number, dtype?: Code | null, layout?: Code | null, device?: string | null) => T>('aten::linspace'),
  eye: op<(n: number, dtype?: Code | null, layout?: Code | null, device?: string | null) => T>('aten::eye'),
  rand: op<(shape: Shape, dtype?: Code | null, layout?: Code | null, device?: string | null) => T>('aten::rand'),
  randn: op<(shape: Shape, dtype?: Code | null, layout?: Code | null, device?: string | null) => T>('aten::randn'),
  randint: op<(low: number, high: number, shape: Shape, dtype?: Code | null, layout?: Code | null, device?: string | null) => T>('aten::randint.low'),
  randperm: op<(n: number, dtype?: Code | null, layout?: Code | null, device?: string | null) => T>('aten::randperm'),
  zerosLike:
    op<(self: T, dtype?: Code | null, layout?: Code | null, device?: string | null, pin?: boolean | null, memoryFormat?: Code | null) => T>(
      'aten::zeros_like',
    ),
  onesLike: op<(self: T, dtype?: Code | null) => T>('aten::ones_like'),
  emptyLike:
    op<(self: T, dtype?: Code | null, layout?: Code | null, device?: string | null, pin?: boolean | null, memoryFormat?: Code | null) => T>(
      'aten::empty_like',
    ),
  fullLike: op<(self: T, value: S, dtype?: Code | null) => T>('aten::full_like'),
  randLike: op<(self: T) => T>('aten::rand_like'),
  randnLike: op<(self: T) => T>('aten::randn_like'),
  scalarTensor: op<(value: S, dtype?: Code | null, layout?: Code | null, device?: string | null) => T>('aten::scalar_tensor'),
  // neural-network primitives
  conv2d: op<(input: T, weight: T, bias?: T | null, stride?: Dims, padding?: Dims, dilation?: Dims, groups?: number) => T>('aten::conv2d'),
  linear: op<(input: T, weight: T, bias?: T | null) => T>('aten::linear'),
  maxPool2d: op<(input: T, kernel: Dims, stride?: Dims, padding?: Dims, dilation?: Dims, ceilMode?: boolean) => T>('aten::max_pool2d'),
  avgPool2d:
    op<(input: T, kernel: Dims, stride?: Dims, padding?: Dims, ceilMode?: boolean, countIncludePad?: boolean, divisorOverride?: number | null) => T>(
      'aten::avg_pool2d',
    ),
  adaptiveAvgPool2d: op<(input: T, outputSize: Dims) => T>('aten::adaptive_avg_pool2d'),
  adaptiveMaxPool2d: op<(input: T, outputSize: Dims) => [T, T]>('aten::adaptive_max_pool2d'),
  batchNorm:
    op<
      (
        input: T,
        weight: T | null,
        bias: T | null,
        runningMean: T | null,
        runningVar: T | null,
        training: boolean,
        momentum: number,
        eps: number,
        cudnnEnabled: boolean,
      ) => T
    >('aten::batch_norm'),
  layerNorm: op<(input: T, normalizedShape: Shape, weight?: T | null, bias?: T | null, eps?: number) => T>('aten::layer_norm'),
  dropout: op<(input: T, p: number, train: boolean) => T>('aten::dropout'),
  leakyRelu: op<(input: T, negativeSlope?: number) => T>('aten::leaky_relu'),
  gelu: op<(input: T, approximate?: 'none' | 'tanh') => T>('aten::gelu'),
  silu: op<(input: T) => T>('aten::silu'),
  hardtanh: op<(input: T, min?: number, max?: number) => T>('aten::hardtanh'),
  /** reduction: 0 none, 1 mean, 2 sum. */
  crossEntropyLoss:
    op<(input: T, target: T, weight?: T | null, reduction?: number, ignoreIndex?: number, labelSmoothing?: number) => T>('aten::cross_entropy_loss'),
  nllLoss: op<(input: T, target: T, weight?: T | null, reduction?: number, ignoreIndex?: number) => T>('aten::nll_loss_nd'),
  mseLoss: op<(input: T, target: T, reduction?: number) => T>('aten::mse_loss'),
  l1Loss: op<(input: T, target: T, reduction?: number) => T>('aten::l1_loss'),
  binaryCrossEntropyWithLogits: op<(input: T, target: T, weight?: T | null, posWeight?: T | null, reduction?: number) => T>(
    'aten::binary_cross_entropy_with_logits',
  ),
  oneHot: op<(input: T, numClasses?: number) => T>('aten::one_hot'),
  // multi-tensor ops: one crossing for a whole parameter list (optimisers)
  foreachAdd_: opBy<(self: readonly T[], other: readonly T[] | number, alpha?: number) => void>(
    byScalarSecond,
    'aten::_foreach_add_.List',
    'aten::_foreach_add_.Scalar',
  ),
  foreachMul_: opBy<(self: readonly T[], other: readonly T[] | number) => void>(
    byScalarSecond,
    'aten::_foreach_mul_.List',
    'aten::_foreach_mul_.Scalar',
  ),
  foreachAddcmul_: op<(self: readonly T[], t1: readonly T[], t2: readonly T[], value?: number) => void>('aten::_foreach_addcmul_.Scalar'),
  foreachAddcdiv_: op<(self: readonly T[], t1: readonly T[], t2: readonly T[], value?: number) => void>('aten::_foreach_addcdiv_.Scalar'),
  foreachSqrt: op<(self: readonly T[]) => T[]>('aten::_foreach_sqrt'),
  foreachNorm: op<(self: readonly T[], ord?: number) => T[]>('aten::_foreach_norm.Scalar'),
  foreachZero_: op<(self: readonly T[]) => void>('aten::_foreach_zero_'),
  // multi-tensor ops used by src/optim (fresh-result forms leave their inputs, e.g. the live .grad, untouched)
  foreachAdd: opBy<(self: readonly T[], other: readonly T[] | number, alpha?: number) => T[]>(
    byScalarSecond,
    'aten::_foreach_add.List',
    'aten::_foreach_add.Scalar',
  ),
  foreachMul: opBy<(self: readonly T[], other: readonly T[] | number) => T[]>(byScalarSecond, 'aten::_foreach_mul.List', 'aten::_foreach_mul.Scalar'),
  foreachDiv_: opBy<(self: readonly T[], other: readonly T[] | number) => void>(
    byScalarSecond,
    'aten::_foreach_div_.List',
    'aten::_foreach_div_.Scalar',
  ),
  foreachNeg: op<(self: readonly T[]) => T[]>('aten::_foreach_neg'),
  foreachMaximum_: op<(self: readonly T[], other: readonly T[]) => void>('aten::_foreach_maximum_.List'),
  // mixed precision (GradScaler; CUDA kernels in libtorch 1.13)
  ampForeachNonFiniteCheckAndUnscale_: op<(self: readonly T[], foundInf: T, invScale: T) => void>('aten::_amp_foreach_non_finite_check_and_unscale_'),
  ampUpdateScale_:
    op<(self: T, growthTracker: T, foundInf: T, growthFactor: number, backoffFactor: number, growthInterval: number) => T>(
      'aten::_amp_update_scale_',
    ),
} as const;

type SigOf<D> = D extends OpDef<infer F> ? F : never;
type DropSelf<F> = F extends { (self: T): infer R1; (self: T, ...a: infer A2): infer R2 }
  ? { (): R1; (...a: A2): R2 }
  : F extends (self: T, ...a: infer A) => infer R
    ? (...a: A) => R
    : never;

export type MethodOps = typeof methodOps;
export type FunctionOps = typeof functionOps;
export type TensorMethods = { [K in keyof MethodOps]: DropSelf<SigOf<MethodOps[K]>> };
export type Ops = { [K in keyof MethodOps]: SigOf<MethodOps[K]> } & { [K in keyof FunctionOps]: SigOf<FunctionOps[K]> };

// --- runtime ---------------------------------------------------------------------------------------------

const wrap = (h: number): T => new Tensor(h);

function argOf(name: string, i: number, v: unknown): unknown {
  if (isTensor(v)) {
    try {
      return v.handle;
    } catch {
      throw new Error(`${name}: argument ${i} is a tensor that was disposed`);
    }
  }
  if (Array.isArray(v) && v.length > 0 && (isTensor(v[0]) || v[0] === null || isTensor(v[v.length - 1]))) {
    return v.map((e, k) => {
      if (e === null || e === undefined) return e;
      if (!isTensor(e)) throw new Error(`${name}: argument ${i}[${k}] is not a tensor`);
      try {
        return e.handle;
      } catch {
        throw new Error(`${name}: argument ${i}[${k}] is a tensor that was disposed`);
      }
    });
  }
  return v;
}

const RET_NONE = 0,
  RET_TENSOR = 1,
  RET_SELF = 2,
  RET_TUPLE = 3;

function wrapResult(ret: number, out: unknown, self: unknown): unknown {
  switch (ret) {
    case RET_TENSOR:
      return out === undefined ? undefined : wrap(out as number);
    case RET_SELF:
      return self;
    case RET_TUPLE:
      return (out as (number | undefined)[]).map((h) => (h === undefined ? undefined : wrap(h)));
    case RET_NONE:
      return undefined;
    default:
      return out;
  }
}

/** An int or int-list argument of a schema, checked in JS: the addon would truncate 2.7 to 2 and NaN to 0. */
interface IntArg {
  readonly index: number;
  readonly name: string;
  readonly list: boolean;
  /** Smallest allowed value: 0 for the sizes of a new tensor, -1 for view/reshape/expand sizes, else unbounded. */
  readonly min: number;
}

/** Splits `a, b[2], c=[1, 1]` at the commas outside brackets, parentheses and quotes. */
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0,
    quote = '',
    start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out.map((a) => a.trim()).filter((a) => a.length > 0);
}

const SIZE_NAMES = new Set(['size', 'n', 'm', 'steps']);
const INFERRED_SIZE_OPS = new Set(['view', 'reshape', 'expand']);

/** The int / int[] arguments of a schema string (`aten::zeros(SymInt[] size, *, ...) -> Tensor`); [] when unreadable. */
export function intArgsOfSchema(schema: string): IntArg[] {
  const open = schema.indexOf('(');
  const arrow = schema.lastIndexOf('->');
  const close = schema.lastIndexOf(')', arrow < 0 ? schema.length : arrow);
  if (open < 0 || close < open) return [];
  const opName = schema.slice(schema.indexOf('::') + 2, open).split('.')[0]!;
  const parts = splitTopLevel(schema.slice(open + 1, close)).filter((a) => a !== '*');
  const factory = parts.length > 0 && !/^Tensor\b/.test(parts[0]!);
  const out: IntArg[] = [];
  parts.forEach((a, index) => {
    const m = /^(?:Sym)?[Ii]nt(\[\d*\])?\??\s+(\w+)/.exec(a);
    if (!m) return;
    const name = m[2]!;
    const list = m[1] !== undefined;
    const min =
      factory && SIZE_NAMES.has(name) ? 0 : INFERRED_SIZE_OPS.has(opName) && (name === 'size' || name === 'shape') ? -1 : -Number.MAX_SAFE_INTEGER;
    out.push({ index, name, list, min });
  });
  return out;
}

function checkIntArgs(fn: string, spec: readonly IntArg[], args: readonly unknown[]): void {
  for (const a of spec) {
    const v = args[a.index];
    if (v === undefined || v === null || typeof v === 'boolean') continue;
    if (a.list && Array.isArray(v)) {
      for (const e of v as unknown[]) {
        if (typeof e !== 'number' || !Number.isSafeInteger(e) || e < a.min) {
          checkShape(fn, a.name, v, a.min);
          break;
        }
      }
    } else if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < a.min) {
      if (typeof v === 'number' || a.list) checkInt(fn, a.name, v, a.min);
    }
  }
}

function makeCaller(name: string, def: OpDef<Fn>): Fn {
  const resolved: ([number, number] | undefined)[] = [];
  const intArgs: (readonly IntArg[] | undefined)[] = [];
  const choose = def.choose ?? (def.schemas.length > 1 ? byScalarSecond : undefined);
  const register = (k: number): [number, number] => {
    const schema = def.schemas[k]!;
    const dot = schema.indexOf('.', schema.indexOf('::'));
    const opName = dot < 0 ? schema : schema.slice(0, dot);
    const overload = dot < 0 ? '' : schema.slice(dot + 1);
    const r = native.opRegister(opName, overload);
    try {
      intArgs[k] = intArgsOfSchema(native.opSchema(r[0]));
    } catch {
      intArgs[k] = [];
    }
    return (resolved[k] = r);
  };
  return (...args: unknown[]) => {
    const k = choose ? choose(args) : 0;
    const [id, ret] = resolved[k] ?? register(k);
    const ints = intArgs[k]!;
    if (ints.length > 0) checkIntArgs(name, ints, args);
    const n = args.length;
    let out: unknown;
    switch (n) {
      case 1:
        out = native.opCall(id, argOf(name, 0, args[0]));
        break;
      case 2:
        out = native.opCall(id, argOf(name, 0, args[0]), argOf(name, 1, args[1]));
        break;
      case 3:
        out = native.opCall(id, argOf(name, 0, args[0]), argOf(name, 1, args[1]), argOf(name, 2, args[2]));
        break;
      default:
        out = native.opCall(id, ...args.map((a, i) => argOf(name, i, a)));
    }
    return wrapResult(ret, out, args[0]);
  };
}

function build<D extends Record<string, OpDef<Fn>>>(defs: D): Record<keyof D, Fn> {
  const out = {} as Record<keyof D, Fn>;
  for (const [name, def] of Object.entries(defs)) out[name as keyof D] = makeCaller(name, def);
  return out;
}

const methodCallers = build(methodOps);
/** Every op in functional form: `ops.add(a, b)`, `ops.conv2d(x, w, ...)`. */
export const ops = { ...methodCallers, ...build(functionOps) } as unknown as Ops;

/** Called once by tensor.ts: gives the Tensor class a method for each op of `methodOps`. */
export function installTensorMethods(): void {
  for (const [name, fn] of Object.entries(methodCallers)) {
    Object.defineProperty(Tensor.prototype, name, {
      value: function (this: T, ...args: unknown[]) {
        return fn(this, ...args);
      },
      writable: true,
      configurable: true,
    });
  }
}
