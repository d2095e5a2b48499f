// NAS-Bench-201's split files (spec dropnas-evnas-nasbench201.md §4.8, §5.4), from D-X-Y/AutoDL-Projects f46486e
// configs/nas-benchmark/ (the same files in nightstorm0909/EvNAS 89883cd, configs/):
// - cifar-split.txt (438,970 bytes, SHA-256 986da617…9e32): the CIFAR-10 training set in a `train` and a `valid` half
//   of 25,000 (random.shuffle(range(50000)) after random.seed(1021) in Python, each half sorted). The benchmark's
//   cifar10-valid networks trained on `train` and were validated on `valid`; EvNAS searches CIFAR-10 on them the same
//   way (weights on `train`, fitness on `valid`).
// - cifar100-test-split.txt (78,970 bytes, SHA-256 14a5e370…1bba) and imagenet-16-120-test-split.txt (46,970 bytes,
//   SHA-256 c0edac1d…9a18): the CIFAR-100 and ImageNet16-120 test sets in halves, `x-valid`, on which the benchmark
//   reports validation accuracy and EvNAS measures fitness on NB201, and `x-test`.
// Kept here as bitmaps of the `valid` / x-valid indices (bit i of byte i >> 3, least significant first; base64); every
// other index of the set is `train` / x-test.
import { type ImageDataset, selectSamples } from './dataset.js';

/** The datasets whose test set NAS-Bench-201 splits. */
export const NB201_SPLIT_DATASETS = ['cifar100', 'imagenet16-120'] as const;
export type Nb201SplitDataset = (typeof NB201_SPLIT_DATASETS)[number];
export type Nb201TestHalf = 'xvalid' | 'xtest';
/** The halves of cifar-split.txt, as it names them. */
export type Nb201Cifar10Half = 'train' | 'valid';

interface SplitBitmap {
  /** Images in the whole set the file splits. */
  size: number;
  bits: string;
}

const CIFAR10_VALID_BITMAP: SplitBitmap = {
  size: 50_000,
  bits: [
    'XlfsKkq2SOrLE72aTFKQgiSEZqYJAPPNxAfB/EH9VSM0T6Rqdgz9FnNMSnf3bWHOwx+SLr88MMaH3FmvZ99poulbRfdA2U/OsxyHyG7HUFvVSf8r',
    'STY27rXPaSWRb+7cNl0UGXZlBGWcuR/VDuxd/QQROFM//WgZDErDI8CfLBuelmNNPGFLTLcOAwT3bSE+g5p3xfB5+55lQQWD5ezaChIkqSgNSDWT',
    'b9J3bUoL5LU7h9F6j7pK13Yjy30yrAKn0iBkpfvHEfHPrC/pAvinTgzJD3LFHJTgn4eKShRg+C6+l2vlW9GMQb9c6lJExOjihi90Uee7AUc5npF4',
    'Ag/delWeAWqFxiIweRt2KxVM9BoGx6kMF/mT8dgg4VPgrzUX3iRB2WsSNNXKPps+/Ze6nnpY0NGZqIXckuijzOAlSOsn2MWASEMjlITLmEVUKQsI',
    '0ukjYfw3ZupMwDOWtaCzcL+CQ+OR/ONiPi+KiUFHOSOhXls2+A2+AwSU720f88Ghul7wTj9SIdtFOVsWNeKombNErQ3q9ehfFOlAFMEvJv5HA9wm',
    'G1ryKq4K6g4h4kpUOetmwoLu3pRruNQysGfpYfuMmNqY3nLR+tNyCD3JTA+apGSqJO/steXud2eSfYNTi4e2gcLRAgptDwuhfLBC5NYLcFgyeMr3',
    'pFyPkV1onlQI3lpbXJFnDrrxhm9zUH/2ie0P+Oi1V+FVMZAit1bKjozYKbhPfJ/APesQjQPUcoHN+jwb2C2uyEOSQF7Lns8y1EPG++eNXoP1fgcN',
    'JAEr7AaMzTbx3Gs58KFionVNvDd7RZ4lIYNWse+Xqub8aCgSD1Eb+jYuOgAi9ZMKHxWiFKcCLqW7QyiksrBJSO0DZhVUhAFxUFtGG1QTI/Ezdo7S',
    '+B3PCn3X3FMI0v53AzudDfEgWIz0UTkdbLuL7z01aOAzTtx19y+3dkFYTbGHF3DypUCOzCLvD5Ky8yoJ/vjK+BSa0JOMEV2ylzLXjoU/+9R2rRU0',
    '6zNwK1OE9XG+oGOB0fAV/9uq5vaq/GX2rBG4ZiLhh8tQYr0vx6vDJrneqc4UnrZG7pWnrgqUV6al1ux1GAWwllaYKsHN30Qxmgfhi/+FOip24F8c',
    'QWOuPSN+PoWgw9cJ5FhvEt0JnuvOyrM+NEwem35GvuuExjIv4a/p07masBAhP+2cZSF/2kkQ52sjnX0h/XDnvzQ7PBvI3kN4LD/dqdLN15x6q0dp',
    'JlnIJanOggQGCjxjE9KisRvIYhHmJtELK7kvMRYhR4yrCsetadB1kk7gbOlECof6iXeC1xw5IwdaVhO9uv6QSF0BFgXEk3ENHn52OFvKX0nCkNRZ',
    'aDlk3p2GUGUY4HyzusfQ8BI8AX6edzxPcSoHHp5w2GbOjsK9Z+ZMt3qCSz4kikNfpe9xvQd6bl2qQXeZrilpjm4zgdoKsBFmn6mLPw3bPZuq0PLR',
    'Spou98szql2zDapLbCWtcUlNqjvdD1ReyOYo7260P/7CDo5JT7tIFoa/ykeVxxADLTeSLubY2W8R7m0UcSsFrWjTt41dz2er2x9wLH6vzSinZ0x4',
    'wg3XP6x2Lf5PT3kYg0qy+Svy1810/Z78y17JoqGi6AjTjSVlco/+G3J1HoGZk1x6WaPiLLD4Q3gwSsW6+gOWN4FiRW8IyAyNX5zoiCFp9oWEhCf5',
    'MIud0Qs5iXz1PaLD++khIKPk2/dZRqgPS96269z29qe9vuDkr26/Z5d9JOaBplhArwpSHfZX1YNqid6fUuynKv1NCBYF9szwZDCInGrPgStrfb78',
    'EQvH2muwExOC0rC5ZOa0WwHZgz5z6GqxkyaGx9DVCczlF2kyQ/Tzwfu0g8twd+46CgBYcKTd/PbK6ZmhPPcG5bYuRLdKELzLj3biSQv0CCzXFwxJ',
    'ZW61rZYBHK8RhM0oqdAig7lxRCB6r4pthWgvgBxHTDipVhuPvzA6EJbC9Kr6tjrh8TwG79aWcZ3xQqvOUOY8dOv1msl8jQ238GPwxG6w0aD+UCo3',
    '0OMLHgBiqdwryYO0kLPRn7SBopHoHkCJ3tLjY1XdlKsITjO1+KT499IN/xWDdEdgCnqTf902AsdWNez08QTupTPW3lQJZFexUE3lprSE+tDnUL5d',
    '4adXJYDEXDxaB9tflD4SkPkNOI9AJDpamjkYwc7lYnGgHRluKHMvRHjMZoIvlz1DtuIknpDlOKTNdp5mqfKTC65ITKed7bLRU7/5o5AiYnv6tBAA',
    '2SAq/8CATAZSezH4YXycHAD+k2Loe39DE5CbyPDwkmu7vqKyA/9kL/G48Qn21saXKsI3nN0rF98N8iaHS+quyu1Y3+iuUc2SyjjXwtQOTeBeeOLq',
    '3FCK100/7JGxo/7tvmtApZZRy6khul2iL0o94MjcBAmErmlpu4e76VXEXAABol+JhScAMDAifhDEHEtfeCcwmVEg7lKR4n6nOsSL6hEeAKbuyMYI',
    'evnJC7Qk2muSt9KrAnXh7cqe2hbF05T256Lv5aXchIkojZeA9fVWaTD0pwFcVAQwWZA6pyzEKI+My1HPBE0VpJ/tCREoUtuLe7u2Z1hdy4RSzeuG',
    'w9piNyJeIoFaDFtVUAvWh1FPTJnnvEwback6Y5mGb8Mw7mvFx+kk5lfgizJffXJMLamQsodqSwnCoQOmwIdk1BtiW5TRyEo0WUJIWCm2mPHMq+JF',
    'uiRlgnNoS0larXDy5VL2tDYaIVuFZwqgkB3HAlxCHzrhn7FORF599A4lBQLf3ma51iMi2KgkVz3EbEqMQ/hy4fpWYKLDdYWGOuBOOf7d92xMidB3',
    'MfuG5EcchAZaN3COmzP6rN+DhbwNH7RpuAMNLc7gRQdFCUG8hZJYC9teyjBKtyozJ62QWuJ8cRr1YFVuP2QFiFRubvuZbslqmz8cdS8EKKPyvW1V',
    'c5rogAnenIDyBSsDwEu2FeNcjeOQoNLAlJa3E43nYREOtAVd+FVcOhqwkwGUERgoq8TiBk4d0n6u8OAFsqzubBozvqFg/pC9luTfYsV/X4eHIjpX',
    'H8elSvGhEyr5DQRzvblL0gkulfdXRqC0viOddrKIRfuyA4Vg0Br9JhdKsN8R1nX+cInkyenWys0AbdWpiDyqcdsO4/XGhHPwqPrzBBQJYMxG1YrW',
    'Er4TlfA7vvNmCYkHX78xZC0mpVAVAmpKq/1MFvHA+KyrPABi2tZ0sG3R567tcsgGeJnZ49b6p4r6INXyhsl/9NJ0PJPzzVkrWAla7frve3QgGCoJ',
    'F+/RLJYLExN+qoklnNGbcYSB3C1zT8Ubr2egy/pPZ3PTe3n/Y3I46pskwMCF35yRyhW0f574TqUp3TGaus+/7mrujm+3dIWJ17c7qkMgz/oN4gLb',
    'm+vABpcT8tdF599kxZiO1lSqYmh+ZKQIYasQ8CK0oBYnsfTWOVOmmwXou/itgLEVvlWg3ENch2gL60Llyr0kanSHML66cB1gg0f78vS9o2eVF50+',
    'Px9lYKY5/4ih911bTy9IW1wNSN4qA3wZgjry3OBOlK98yzrp8dqECt88UNOGsQrmWHbqjBrojnvk/9UM4A3xMDU45JY+YRutm39154W2GsVFNtx+',
    '3j2cUq6a6QVjIL+YL8cSGwiw4XDu/RMdBBo3cgiuNTyOlxvve1ITr8+iaqCliE1GTrNNYTiek0ao5+3xcU+8mWmKjamqKzeRPNMLcUzBqwtUvaQp',
    'Y/JOkF0hmCFUdNpr/S04ZbS9poWqjQK6w83MDrCgDgWcPzrdbo11m/im5GgLJ8VII3dquu4c2wK7w5Ls0X6jx2crLSRBK0CawXDo0mgBLYY030ud',
    'wYco/8EdF/DqcD3oKmeVo5Fp5+KIBiTgtHFOQ80F0/TeIoVYYOws8HuoFn+fDReco5S6Ij2HGYg5lPDfNpHbzQz6wKs2KT8OlcnLtqbW/IMmmMbd',
    'ylpRgSoE4yVc4FcpUANFkAoZuRmw3OScnfzdI9Az3YO1unndTMGtibt+Era9RV/xAflbLp+YeiXeeoQJWQhhXWlQ7rgp6dQIeN/3ptEKWtdReN3S',
    '03BJKcAMTdMV2XjOrzRuR4fs4Gcv7PuXzEGXK0dSd8or0Xdiab95RL4A6wIETwbawaq3YulPlGgp/Wx2BIq6IsNOpBU5/xJcB7wLgGBXOnlJmezR',
    'zs1ln7+v4Rl07FU6J87Z7YAwFQOZJtXBDuzAR2ZBk1dWL8yRx109rVjsqh+BiaAfA01SdBQ1yE7gCBBeAMSxD1f8Eg6o6jPrEBmTZEC+A3T38Oq5',
    '9+jDJyC2+FmJlgMUtuPvVKyebJa89FKzVA00Be1BdJs7bfVwAqILQFGeSto4cDDPp+ATwJJ1OynSLolgqHnlKRAM+7z9XnCqKM8AwdQpNXeihDX2',
    'G69LGf6g/4XNMYnPDZtFuHkXq+GK9fsgFUzwEtBgwyq+RGZ8IYjigNNJm/5M1ag/QU6ISelxip2VrowJ+hvFPqbNtWTFv33t8wu25J86dqT/0mNz',
    '5tpSAMzgZgL+7Rod9+OXP2OPM/mF34e3pLVX9pBrdXEoTNU4OSHY/dSn5sSy72aOYswGds1VrCqE0OtgBYp37HglDin+FblwukBXzpvj3O1DR9ur',
    'Nm/fLVFyp4OMXTxZParNVPE1psJ0v07hpjgV6NuuVA0H5ZbM1tqCfdPmQLquUotOgd2gJ+IpAoz0Pxf3iRqthghdzUAz7KnQdjK5/MC11WUldaTq',
    'tsuWpmL0bi58aIeAXlJQ3HJrSSbGY5bPTxa/UE/uZbOrMnZyTwBja3llF6NCEQCfMaLKccoM+TYKOjZU+x7TeUlFyBWNRp3Spw5pAI5oBxUc6D7R',
    'NuHJiOQbUIALVNgQg9AuFXz6WPIhkST+DVep/MGAaoDNRpNI6tmTpMH9hagCTXY7OQ/+IUAnc0/CVEGGjRMnF/WB2gtv0NhO7yWsJq67ZxrG8Mr0',
    '5HqtpXq5PRSxD+fyQWLzktuOqOS9oj5nRaVsCNufJP9xXR8ofpYXFNtxe3rRsIvSL/NROzpuufK89vdG3TQVCJTfM6KPyqCujCASQKXUI6UQw/8g',
    'K91DE9JcPXc3qQ00SnHsCoiaqx+wu7W9UxBECLwlzs7cdCh1k1kG07F1XAt4o6jWqEvDPMOXBlK63Q5P5ruFlSSeJ5pQdA7cy4UfT/aNvyUeAP+o',
    'zYYFxPzseULp9vgoq+5Lrl/FM/p5tAUSyXM5VZVcXSxrnYYagAMzO2bx2bObbZK8tBozjd5ogHd3iJpJOjRRu8CqhYtRybpKDc3tVfXW8auVKf6P',
    'iccvp5ZDXTcvD1mh+eFb2WEUimN0bbjA35WU/nrnt8NNgvDbBvjVGFZ1B64L/1z9qmzas9/zcoMp29ofZcHoYiKQ+iKOvZd507DG7VfAhEPuJQb4',
    'arOqT20ZtIC9iON8JcQu9IS5kyMLTlD8cHZRYsBqlE1TeC8vCPLbafh6aOxNTitGcJiI4097Ct3Y1hmUS5F/Cl8H5lgDHsNHeOkrBTmpmR+PWo6N',
    'zOgFpxRZJIuqThWHJUkRIcjCHzGvKDEv0BiT4/k+ENHTfDQp3LSPSuYXJdQYMkh2EyTE6mi3LVc4Lf1DuUosLlSt/9V9RbfBXBdjgDeyKE3G+8pZ',
    'GM2FKv3plJQtBWIJFjK8EFWPf3ac2ub9HVy/exvJtjE3E9TnkvOB2efT2nkrlZL7plDigzWYeyV99P3+jbywAj2YnA58UhlG8T3CnwDR5BBweOvm',
    '7laDhUYUE/Gdicc7OIGb1roQSlpTlkFiLzsgG3KSl1JPPbMJ3RTKLtAFUogT88aE/yvOkQBHpaRsLvGjF/llYSkl17jttQyavc14dpQu9HGYkSR+',
    'o7I59BTIgnlTuujreG+i7ZFy/owyAjyemRWV3j8sVNgzEBjjLtRchQW5zIEdqdY/R6xxQBbqWJ3NLEJ9iJf9iI4yAxfNwVq6X0/CcXhHeKQU7KFq',
    'MlR5QMOLsWO+G98EVfEDgYwm/JFsAsW8wAcm2c7/qVeRv7pU0HGChrARhwCOz3eBvjOrgQKGDZrT7SJFRZyZwEdA2vIGVNEkByxGwpWfZz3HTp+1',
    'nxe6hIaPhzCMIz/CPwaY6MSyat1jvwSwuQR6tG9lBc2j9gDeO6CHMVIcRL5L8OCfhk5wL6MypN9V5d5kftLbc+qpX2v8JDTAcKDBmWOD7/cn3iMm',
    'CxaSYdte+0bvdPpm6PJlUgQ8FKViqJLn5ROeBtN3pb3tPOKhFOFzHzLN0aHYXGzJNygtf2AJr8CEZG0d1SY/EEmlmwU6vWd9LkOvHc638IWlE0/g',
    'Jj0m6mho9P9yVclqMCGXJIzy/mWWuVL5cppY79RJcTc7ctAHVmuMt0RFFqaR8sw/WXIymMHHf8Ds/oKYictYWT1OayIByLfoVFXOsnv0snp0r5Mw',
    'cX3Jz4ejBKrGcTxmIz/Ium3atod1yax1N+Yg2g54NwFXxPXrMQ9FZbLJofcK8Ced7Wx8zW6mE1yuifrTtx74Yo1SjZWNij0mVjRZkN69aZ3xt35o',
    'QArBC8Un7/VsFnEmpw6pgki+AK6OLiwhw4vuVtPWxi/F5SxwYQKkY2ZdJwuqaEkjEc4Q3dOzAgAEeyG5HHQpsdwd7sP8pKoWf5kMSeyoIvf0bZtF',
    '/O+xfnBHyBuH7dM/DU5v6wcfJWYfffIWDgC0uJupIpdWVknFYBhvgjqCvsvi7yHJL2F9NJ8LSqSNTNtcgo/M5/SHu+uDkoiQ3a288c0yeppdDW3D',
    'Ewho0bFc+a1BtZdT7IVOFf4cDExh5pv825o/R2RawQHlzPklvstBIFyZ+YNbt+MEo0K++G2WA1nDW11j32Q1LZAifOxt81+Do1QGcLEu4uNYfgh9',
    '+uiQVyA/0YS3KKWo6RC79HTu8rqT9Cw+wU5KiBbHlwOkncyNO+MQnv4xwtRq+7yfozV+JxasFiS1WilBXJv8f+bKUtEqu37k7bbcRXUsVEFJDQ2X',
    'DlXaiqmEF8hjqRc4qmQeniWZ9F9UztDC6/JE3xULKNaHWZc5PJ63/i/eeCw7mkU67Kt5bWoyLap80Bs6A4/aujSAcpQuGC4pSEHdXlx5MCNAXnzN',
    '+j9t17H3gcSK7ndRfdJgOUYZ2o46Y7D94UXabLM6U0nWRJLkBygqiRnsX8c0Ho73mmskYqExeuG1Z8RNYvcfN/7PWnm1VpI7lmXiB5gwruHSe5hO',
    'IMgowYbJcPuh40NwGGa29mRMMYGU/EvVpUuJfO7zVvP+ndKKizRNMtw8/3jhbUxkIQaf2MyjzmV9qhZ6hHRwAPNx0DHYyIyxfd3jVMPOUbwsjG7g',
    'KXqOkFB9TGi5ARkF0bjaMIP/VkacDbJ8798RjBh1LlgJlbFJn81nZqo3je5dV+1asB5zXH5d2fsrR38ydkj0OzOb1CAS+8cvoXBOVLEHt8ZKx3Ke',
    '0rd6G2JYmr81cxvbi94pTXYMzwsoLEgoWRBzGEm7TBQDmRm2IkhyaO0hdtvdm9Mo3fWAHY1t35B8JYeAjRP+khk08G0YO/h6dLMjoegP+GshS9BB',
    'o2tYd+DbZnxa6R5Ye0Fbbnw1K31sYCYIkum6e1sUOFx8jX2jA9HjXyhPDPXcmLLM8+ToxWWWt+nBiHQpJmxftkmNiPSTOD3elPLz5sP98+MHvLHe',
    'Omvt3ZmhIRcBHa8JAcIzGcNeYoORvL3pZjQkinXB0q+hMgX3FgM4UO4gM4qZzrANM4qfq4ue7i9tzDB4BvaEQdLJgxpIAwo7w1+Ft9gSAjlv8ZtX',
    'HB3GyN7o4B3h35XpiX1xzIDaodVZ4iYClX8QugHqDuMKg0e3Lv6A+0NIy5JuwjGthPbzIrduRFQRWWoG/Y4wPzJHLVx/9DUanJVuqJCkzjmqKWoc',
    'TCPfrfhqt60VqAS8Xv0MQFbH/KFwyOei3jGCyl/nnfC5bknPVEeTzUkkAb2LfrNuM1Pxjz+/4Ls4zifuLWlaCDyw7NRxnMtgxjCvQubsP44zSX+t',
    'dNQp4QgE0Fc0M3ghUjHsMOP8p0bQSx6vXnWavH+WZebOGf57zE0+aHuMpktfkHEnFEa3vJF/l8MVVw3UrJoZM2aLXB4uaQaRBtWsm1IcKb8CPa60',
    'NHO21k/L1H2nR/6w9dMXtqnucVOgee5Fjskzic02k3WzD29W+ch/u5THWss21LNwuO3rGwEOzpVhHrDkonARPHheCMvjyEwvLQnCMlorFPZwPRJQ',
    'kPZ6xfOgXUD7wAYODiOxOZ0AvGJ0WB6Z66tlU0G5e+Iswn7LjyqheDfkZ1/M9i+mKQ6/7loMlWIcGEJRATYtN1KhVBEQsNFoIbs+CmNf8+Hgzns9',
    'YwaHlqjmpOB5fmHatDxedhv2z1PQCfu9iUz+2kwPpU2G+g==',
  ].join(''),
};

const XVALID_BITMAPS: Readonly<Record<Nb201SplitDataset, SplitBitmap>> = {
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

/** The indices, ascending, whose bit is `set` in a bitmap. */
function bitmapIndices({ size, bits }: SplitBitmap, set: boolean): Int32Array {
  const bytes = Buffer.from(bits, 'base64');
  const want = set ? 1 : 0;
  const out: number[] = [];
  for (let i = 0; i < size; i++) if (((bytes[i >> 3]! >> (i & 7)) & 1) === want) out.push(i);
  return Int32Array.from(out);
}

/** A split file indexes a whole set: refuses a cut-down one. */
function checkWhole(ds: ImageDataset, size: number, half: string): void {
  if (ds.length !== size)
    throw new Error(
      `${ds.source || ds.name}: the ${ds.name} ${ds.split} set has ${ds.length} images; NAS-Bench-201's ${half} split is defined on all ${size} ` +
        `(the whole ${ds.split} set, no --subset before the split)`,
    );
}

/** The test-set indices of one half, ascending. */
export function nb201TestHalfIndices(dataset: Nb201SplitDataset, half: Nb201TestHalf): Int32Array {
  return bitmapIndices(XVALID_BITMAPS[dataset], half === 'xvalid');
}

/** One NAS-Bench-201 half of a CIFAR-100 or ImageNet16-120 test set (whole, in file order: as NB201 indexes it). */
export function nb201TestHalf(test: ImageDataset, half: Nb201TestHalf): ImageDataset {
  if (!isNb201SplitDataset(test.name) || test.split !== 'test')
    throw new Error(`NAS-Bench-201 splits the test sets of ${NB201_SPLIT_DATASETS.join(' and ')}, not the ${test.name} ${test.split} set`);
  checkWhole(test, XVALID_BITMAPS[test.name].size, half);
  return selectSamples(test, nb201TestHalfIndices(test.name, half), `test[${half}]`);
}

/** The CIFAR-10 training-set indices of one half of cifar-split.txt, ascending. */
export function nb201Cifar10HalfIndices(half: Nb201Cifar10Half): Int32Array {
  return bitmapIndices(CIFAR10_VALID_BITMAP, half === 'valid');
}

/** NAS-Bench-201's halves of a CIFAR-10 training set (whole, in file order: as NB201 indexes it). */
export function nb201Cifar10Halves(train: ImageDataset): Record<Nb201Cifar10Half, ImageDataset> {
  if (train.name !== 'cifar10' || train.split !== 'train')
    throw new Error(`NAS-Bench-201's cifar-split.txt splits the cifar10 training set, not the ${train.name} ${train.split} set`);
  checkWhole(train, CIFAR10_VALID_BITMAP.size, 'cifar10-valid');
  const half = (h: Nb201Cifar10Half): ImageDataset => selectSamples(train, nb201Cifar10HalfIndices(h), `train[${h}]`);
  return { train: half('train'), valid: half('valid') };
}
