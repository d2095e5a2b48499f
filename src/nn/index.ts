export { Module, type TensorModule, type StateDict, type LoadOptions, type LoadResult } from './module.js';
export { Conv2d, type Conv2dOptions, type Pair } from './conv.js';
export { Linear } from './linear.js';
export { BatchNorm2d, type BatchNormOptions } from './batchnorm.js';
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d } from './pooling.js';
export { ReLU, Sigmoid, Tanh, Identity, Flatten, Dropout } from './activation.js';
export { Sequential, ModuleList, ModuleDict } from './containers.js';
export * as init from './init.js';
export * as functional from './functional.js';
