// NAS-Bench-201's split of the CIFAR-100 and ImageNet16-120 test sets into halves (spec dropnas-evnas-nasbench201.md
// §5.4): `x-valid`, on which the benchmark reports validation accuracy and EvNAS measures fitness on NB201, and
// `x-test`. From D-X-Y/AutoDL-Projects f46486e (the same files in nightstorm0909/EvNAS 89883cd, configs/):
// configs/nas-benchmark/cifar100-test-split.txt (78,970 bytes, SHA-256 14a5e370…1bba) and
// imagenet-16-120-test-split.txt (46,970 bytes, SHA-256 c0edac1d…9a18). Kept here as bitmaps of the x-valid indices
// (bit i of byte i >> 3, least significant first; base64); every other index of the test set is x-test.
import { type ImageDataset, selectSamples } from './dataset.js';

/** The datasets whose test set NAS-Bench-201 splits. */
export const NB201_SPLIT_DATASETS = ['cifar100', 'imagenet16-120'] as const;
export type Nb201SplitDataset = (typeof NB201_SPLIT_DATASETS)[number];
export type Nb201TestHalf = 'xvalid' | 'xtest';

const XVALID_BITMAPS: Readonly<Record<Nb201SplitDataset, { size: number; bits: string }>> = {
  cifar100: {
    size: 10_000,
    bits: [
      'OuXtWLKyU14XeuZgQ8blFHse2Ve85FqLCEiBAc13Zl5vSuts4sVS+/DBCmw2DHTngKe9XqtAUn5XMt4FIgFflufTnSiowJwEgL70TS38laJ/hQtL',
      'PbLXXVl9oYK79EMCqrcs6wC6/j7PC1lCuC2JUx1J/5axA4mARlSZFjLG+mc/xPPYT+lgG8cV0WAfgllRsdZdB/4UCH+goaC/RIogOyf3l6g7kt/x',
      'qhe6m1FCn26hxdeq6yDGD9s9PkE2ThqBIGeavTtJLDNoGClAnw5vWRlriqQuDZYHR5sETuSBymMIG0wzFCz4Cdkkmbwn1QG/G6DBbdSDqsMq+phf',
      'kcXHWt98zVHhSzb7xMFEMsRdNxxXcqJvMlm2RDn7cJZ8mphisUom/5vdFDlkl1KYHeojO8Cydy8cu0ykO5ygCHhjQqajQ3pMZl3+ifCp8DzwNWbO',
      'fNN/OHr93waCBlRp+LiE9Q0H7qMNDDz2+d6wItOP0zGzl+PSU3oa5hzcGDTeVZ1QWijG9BDTWCkXAg08dT9BdUyzS23dIAtry/Alglg+rEtslJiO',
      'xvXPI2JKK3p15QWBxeGApNlWhZ31H3pEj6s5GPJtCiu0Qt7BOt+Bu9sl0KUQ7aGWf38PJjmyGNgfzFQoOVbtQIMJ1/V+VVbHddMcTj/YCkBNDjA+',
      'FUEBhKsUYKZ5FANi8oe+U9E7yPP7zMCIDhRH7inffexPMTZNvbrG7cxc+inUxW1/ga7VI8q7DDRGoNRl87aEEQkxBVC3Gg0IxuMdnkVuU57+2wvz',
      'k0B3VDyt0gF3G3mN30rTzi31FqLwCyIrMkrzNd/IT26h+BdXYni1YJWEHokXiydbVDtHNydq8j/OUo02ainf4AFz05zhACKPw/g/jFhPcGZlRzca',
      'HfO5kwdNrI580TcxkWQGNS3WK2O6zdjXzuiB75Ij/26kOqZLwCnm7akL7dn+EdblCoI6srAEPwuahgGrCYpJI2ukmDY+DC2frtAppsA0RKygm+vL',
      'jb00v+TXWot8+/NUCcIHoMu4Zm9qVeUDu341Nzk4p3D9se1kfeD0ceCf6gnrzM481ZdypGtwAObztIpWIRlshZd5H+aQbxcrO2QCwY3zHUv73ffK',
      'Hy9Me6ZXVZ5Gp2YNFi/Vf2K1Rww/QiC7dYjJc2F16blDW6wiU7izKpwFuKHpdyEtTZoIgHoO0SYImX5PUg61bBvFoB8htZ6nqscbE/eQNt2lIhLV',
      'Qd27V/NGExn8m1fyHNZL81YdnMQ3fH3CdiuxWNK19s7xZJ2m9P5oCMfpFyHhlppUga8IpHz2JWR3fNubEY8mxa1zMy9Sg0UJZoRvIRY/3zh9yxfi',
      'LfMlOzgKEEsSZ4PXgJ14X6/z8wBVictqULgcy6hDc7Wd3uTCB8+Swx51I8QJ3X02FjvegPy21q2GZEoTXxUQkK4CD7FziqJqhtM7Fy/cC2p7i0BM',
      'g0Lo0G4eH6xQa25xnubXaQW6RE7GEWqNTwSb7bp6ZeYETJb6HcGJODM1/Djgw2va7WVYGtMJS8Idb82tTYZ+abYuwDhBKk+6o1y+dKyp9s6oVE7c',
      '6VJRLog1u+yvBEk8qnRnsJq7vetI/Wb9DlWXUWHhkd4YYC6rLXgS8iCNSUXrlNNMkk/j+9ykCITR+jCYtARLKvSf6m6PNM8cL7E=',
    ].join(''),
  },
  'imagenet16-120': {
    size: 6000,
    bits: [
      'zhMNPH1rbUGc/WVev4R1E67WXgQ+b883RxwMIaQkAH7MPZ5DxupPURlbHsWb5ZYB6nKvpIGo4JUJRb+AAgy3W77OJg3BGtWFiQoqvITdgn0JlHcY',
      'tWDfHVAzn+scFdXJlajHRoHIovUCqh2F1bKdeCpfJGblbre16B25lXARARN/pbmTweCYKYMuPUlGQJnSQBli76ZmEAgPXQxOLt8eM6EHtNI1sUmk',
      'mTBeKfouPfon+VATRSgXMzIwBCav8Ekxwxj3P21Nd1rVJT/cWItFJv0Sr7u1S/Wb6Ve4XxF6Y2McrSMWeFjwLM42PcEQ5K0k+sNiWJ5t3OMMBzS4',
      '4MTfX5sYzKxUOrah3OgAxw4GcByL7xQj8Kphxa835qJJcSI8j0IcXn0Q6D4shjKPv7vK3/GCss2Bi4JRQcG437lQkU4SaoewcjHjpKrQ5IhgTw4M',
      'XJjS8kF62dv5cyXmub/2tlfqwAZJfX1k/nIc10O8PLzn/d2EAT93Lnnh6bqHRo21/cZhoRlwhIJisPRIulG0hsIt2WyL37eAdf94yLGydu+zpmCa',
      'tibVLrHhkYS5SN7Nrn6TSuLHblZkLRvEHIBecJrYULPNJRCbOpYJcu3VrfTySI/NdspvYL35oVEXWPu5G/jIy63JOKl0460z7+PxMWi0mDk7Ehoo',
      'o3aV7irfqmSTYfCoTgmUX7wQaE/UrKqHdJpPl5mXchPcP/vX9xnAK86mRHEuWDrLRHuAAoQQCQpzp0sRMfH/YjRtUQbhd6Qljbp+3lexuaNiDtlN',
      'CDfu7lhKowjLXPasXFr6rULjHGXwRn77SVeZlNetn68xKX+FxISfMO+mK/8gZ+vs8ieED5ypb4y1utdtf9kFLe2wUr+/5RP7qz5ioNaBE0abMNw7',
      'fQICOpQGfalpSW1sJUwxMUAZ8n7AAXBO98S2Ps5Oyq08AzmngD3ccEvhbBZneC5SC7y4zPTbING/AC1cOCn7disY/BE00FXCzFm1X5vm',
    ].join(''),
  },
};

export function isNb201SplitDataset(name: string): name is Nb201SplitDataset {
  return (NB201_SPLIT_DATASETS as readonly string[]).includes(name);
}

/** The test-set indices of one half, ascending. */
export function nb201TestHalfIndices(dataset: Nb201SplitDataset, half: Nb201TestHalf): Int32Array {
  const { size, bits } = XVALID_BITMAPS[dataset];
  const bytes = Buffer.from(bits, 'base64');
  const want = half === 'xvalid' ? 1 : 0;
  const out: number[] = [];
  for (let i = 0; i < size; i++) if (((bytes[i >> 3]! >> (i & 7)) & 1) === want) out.push(i);
  return Int32Array.from(out);
}

/** One NAS-Bench-201 half of a CIFAR-100 or ImageNet16-120 test set (whole, in file order: as NB201 indexes it). */
export function nb201TestHalf(test: ImageDataset, half: Nb201TestHalf): ImageDataset {
  if (!isNb201SplitDataset(test.name) || test.split !== 'test')
    throw new Error(`NAS-Bench-201 splits the test sets of ${NB201_SPLIT_DATASETS.join(' and ')}, not the ${test.name} ${test.split} set`);
  const { size } = XVALID_BITMAPS[test.name];
  if (test.length !== size)
    throw new Error(
      `${test.source || test.name}: the ${test.name} test set has ${test.length} images; NAS-Bench-201's ${half} split is defined on all ${size} ` +
        '(the whole test set, no --subset before the split)',
    );
  return selectSamples(test, nb201TestHalfIndices(test.name, half), `test[${half}]`);
}
