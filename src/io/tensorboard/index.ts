export { crc32c, maskedCrc32c } from './crc32c.js';
export { decodeEvent, type EventValue, type SummaryValue } from './messages.js';
export { readTfRecords, tfRecord } from './records.js';
export { SummaryWriter } from './summary-writer.js';
