// Child process of conv-crash.test.ts: one nn.Conv2d forward + sum().backward() case, `iters` times, in the layouts
// the case names; prints one JSON line {err, nhwcOut} with err the largest gradient difference (relative to the
// gradient's largest magnitude) against the same convolution on contiguous float64 tensors. A case that corrupts the
// heap kills this process instead (run it with MALLOC_CHECK_=3 and glibc's libc_malloc_debug preloaded).
import { manualSeed, nn, ops, randn, type Tensor, tidy } from '../../src/index.js';

export interface ConvCase {
  cin: number;
  cout: number;
  k: number;
  stride: number;
  n: number;
  hw: number;
  /** Layouts of the input and of the weight. */
  xNhwc: boolean;
  wNhwc: boolean;
  /** Which gradients the backward computes. */
  gradW: boolean;
  gradX: boolean;
  /** The input is x[:, :, 1:, 1:] of an (hw+1)² tensor, as FactorizedReduce's second convolution reads it. */
  shifted?: boolean;
  iters?: number;
}

const c = JSON.parse(process.argv[2]!) as ConvCase;
manualSeed(0);
const pad = (c.k - 1) / 2;
const conv = new nn.Conv2d(c.cin, c.cout, c.k, { stride: c.stride, padding: pad, bias: false });
const w0 = conv.weight.detach().clone().keep();
const side = c.shifted ? c.hw + 1 : c.hw;
const x0 = randn([c.n, c.cin, side, side]).keep();
conv.to({ memoryFormat: c.wNhwc ? 'channels_last' : 'contiguous' });
conv.weight.requiresGrad_(c.gradW);

const input = (base: Tensor): Tensor => (c.shifted ? base.slice(2, 1, null).slice(3, 1, null) : base);
let gw: Tensor | undefined,
  gx: Tensor | undefined,
  nhwcOut = false;
for (let i = 0; i < (c.iters ?? 5); i++) {
  tidy(() => {
    conv.zeroGrad();
    const x = x0
      .to({ memoryFormat: c.xNhwc ? 'channels_last' : 'contiguous' })
      .detach()
      .requiresGrad_(c.gradX);
    const y = conv.forward(input(x));
    nhwcOut = y.isContiguous('channels_last') && !y.isContiguous();
    y.sum().backward();
    gw?.dispose();
    gx?.dispose();
    gw = c.gradW ? conv.weight.grad!.double().contiguous().keep() : undefined;
    gx = c.gradX ? x.grad!.double().contiguous().keep() : undefined;
  });
}
const err = tidy(() => {
  const w = w0.double().detach().requiresGrad_(c.gradW);
  const x = x0.double().detach().requiresGrad_(c.gradX);
  ops.conv2d(input(x), w, null, c.stride, pad, 1, 1).sum().backward();
  const rel = (a: Tensor | undefined, b: Tensor | undefined): number =>
    a && b ? a.sub(b).abs().max().item() / Math.max(1, b.abs().max().item()) : 0;
  return Math.max(rel(gw, w.grad), rel(gx, x.grad));
});
process.stdout.write(`${JSON.stringify({ err, nhwcOut })}\n`);
