// Checkpoints: safetensors, and torch.save / torch.load files of every PyTorch version.
export { CheckpointError, fileKind } from './file.js';
export {
  loadSafetensors,
  loadSafetensorsFile,
  readSafetensorsHeader,
  saveSafetensors,
  SAFETENSORS_MAX_HEADER,
  type SafetensorsEntry,
  type SafetensorsHeader,
  type SafetensorsLoadOptions,
} from './safetensors.js';
export {
  detectCheckpointFormat,
  loadStateDict,
  loadTorchCheckpoint,
  readTorchMetadata,
  saveTorchCheckpoint,
  saveTorchStateDict,
  TSNAS_METADATA_RECORD,
  TSNAS_SAFETENSORS_METADATA_KEY,
  type CheckpointFormat,
  type CheckpointMetadata,
  type LoadOptions,
  type LoadStateDictOptions,
  type SaveOptions,
} from './torch.js';
export { pickle, unpickle } from './pickle.js';
export {
  isOrderedDict,
  orderedDict,
  type PickleTree,
  pyAttributes,
  PyFloat,
  PyGlobal,
  PyObject,
  setPyAttributes,
} from './pickle-values.js';
export { crc32c, decodeEvent, maskedCrc32c, readTfRecords, SummaryWriter, tfRecord } from './tensorboard/index.js';
