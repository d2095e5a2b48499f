// Architecture parameters: plain leaf tensors, not module parameters (spec §2.3: outside the weight optimiser,
// gradient clipping and the network's state_dict). Shared by cell type (DARTS) or one set per cell (D-DARTS).
import { noGrad, randn, type Tensor, zeros } from '../../tensor/index.js';

export type AlphaInit = 'small-normal' | 'zeros';

export class ArchParameters {
  /** Named alpha tensors in a stable order: `alphas_normal`, `alphas_reduce` (shared) or `alphas_cell{i}`. */
  readonly named: Map<string, Tensor>;

  private constructor(
    named: Map<string, Tensor>,
    readonly perCell: boolean,
  ) {
    this.named = named;
  }

  /** One [edges, ops] tensor per cell type; 1e-3·N(0,1) (DARTS) or zeros (FairDARTS). */
  static shared(edges: number, ops: number, init: AlphaInit, device?: string): ArchParameters {
    const make = (): Tensor => createAlpha(edges, ops, init, device);
    return new ArchParameters(
      new Map([
        ['alphas_normal', make()],
        ['alphas_reduce', make()],
      ]),
      false,
    );
  }

  static perCell(cells: number, edges: number, ops: number, init: AlphaInit, device?: string): ArchParameters {
    const m = new Map<string, Tensor>();
    for (let i = 0; i < cells; i++) m.set(`alphas_cell${i}`, createAlpha(edges, ops, init, device));
    return new ArchParameters(m, true);
  }

  forCell(cell: number, reduction: boolean): Tensor {
    const key = this.perCell ? `alphas_cell${cell}` : reduction ? 'alphas_reduce' : 'alphas_normal';
    const t = this.named.get(key);
    if (!t) throw new Error(`no architecture parameters for cell ${cell}`);
    return t;
  }

  tensors(): Tensor[] {
    return [...this.named.values()];
  }

  /** Copies values in (checkpoint resume); shapes must match. */
  load(values: Map<string, Tensor>): void {
    noGrad(() => {
      for (const [k, t] of this.named) {
        const v = values.get(k);
        if (!v) throw new Error(`checkpoint has no architecture parameters '${k}'`);
        if (v.shape.join() !== t.shape.join()) throw new Error(`'${k}': checkpoint [${v.shape}] vs search space [${t.shape}]`);
        t.copy_(v);
      }
    });
  }

  dispose(): void {
    for (const t of this.named.values()) t.dispose();
  }
}

function createAlpha(edges: number, ops: number, init: AlphaInit, device?: string): Tensor {
  const t = init === 'zeros' ? zeros([edges, ops], { device }) : noGrad(() => randn([edges, ops], { device }).mul_(1e-3));
  return t.requiresGrad_(true).keep();
}
