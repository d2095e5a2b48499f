// Parameter and MAC counts with the conventions of spec §8: parameters excluding and including the auxiliary
// head; conv + linear multiply-accumulates of one eval-mode forward pass (aux head not executed).
import { countMacs } from '../../nn/index.js';
import { noGrad, tidy, zeros } from '../../tensor/index.js';
import type { EvalNetwork } from './networks.js';

export interface ModelCounts {
  params: number;
  paramsWithAux: number;
  macs: number;
}

export function countModel(net: EvalNetwork, inputShape: readonly [number, number, number]): ModelCounts {
  const params = net.numParameters((n) => !n.includes('auxiliary'));
  const paramsWithAux = net.numParameters();
  const wasTraining = net.training;
  net.eval();
  try {
    const { macs } = countMacs(() =>
      tidy(() =>
        noGrad(() => {
          net.forward(zeros([1, ...inputShape]));
        }),
      ),
    );
    return { params, paramsWithAux, macs };
  } finally {
    net.train(wasTraining);
  }
}
