// The protobuf messages of TensorBoard event files (tensorflow/core/util/event.proto, framework/summary.proto,
// tensor.proto, tensor_shape.proto), the fields a writer of scalars, histograms, images and text needs, with
// TensorFlow's field numbers. Encoded by protobufjs.
import protobuf from 'protobufjs';

const root = protobuf.Root.fromJSON({
  nested: {
    tensorboard: {
      nested: {
        Event: {
          fields: {
            wallTime: { type: 'double', id: 1 },
            step: { type: 'int64', id: 2 },
            fileVersion: { type: 'string', id: 3 },
            summary: { type: 'Summary', id: 5 },
          },
        },
        Summary: {
          fields: { value: { rule: 'repeated', type: 'Value', id: 1 } },
          nested: {
            Image: {
              fields: {
                height: { type: 'int32', id: 1 },
                width: { type: 'int32', id: 2 },
                colorspace: { type: 'int32', id: 3 },
                encodedImageString: { type: 'bytes', id: 4 },
              },
            },
            Value: {
              fields: {
                tag: { type: 'string', id: 1 },
                simpleValue: { type: 'float', id: 2 },
                image: { type: 'Image', id: 4 },
                histo: { type: 'HistogramProto', id: 5 },
                tensor: { type: 'TensorProto', id: 8 },
                metadata: { type: 'SummaryMetadata', id: 9 },
              },
            },
          },
        },
        HistogramProto: {
          fields: {
            min: { type: 'double', id: 1 },
            max: { type: 'double', id: 2 },
            num: { type: 'double', id: 3 },
            sum: { type: 'double', id: 4 },
            sumSquares: { type: 'double', id: 5 },
            bucketLimit: { rule: 'repeated', type: 'double', id: 6, options: { packed: true } },
            bucket: { rule: 'repeated', type: 'double', id: 7, options: { packed: true } },
          },
        },
        SummaryMetadata: {
          fields: {
            pluginData: { type: 'PluginData', id: 1 },
            displayName: { type: 'string', id: 2 },
            summaryDescription: { type: 'string', id: 3 },
          },
          nested: { PluginData: { fields: { pluginName: { type: 'string', id: 1 }, content: { type: 'bytes', id: 2 } } } },
        },
        TensorProto: {
          fields: {
            dtype: { type: 'int32', id: 1 },
            tensorShape: { type: 'TensorShapeProto', id: 2 },
            stringVal: { rule: 'repeated', type: 'bytes', id: 8 },
          },
        },
        TensorShapeProto: {
          fields: { dim: { rule: 'repeated', type: 'Dim', id: 2 } },
          nested: { Dim: { fields: { size: { type: 'int64', id: 1 }, name: { type: 'string', id: 2 } } } },
        },
      },
    },
  },
});

const Event = root.lookupType('tensorboard.Event');

/** TensorFlow's DataType DT_STRING. */
export const DT_STRING = 7;

export interface HistogramValue {
  min: number;
  max: number;
  num: number;
  sum: number;
  sumSquares: number;
  bucketLimit: number[];
  bucket: number[];
}

export interface SummaryValue {
  tag: string;
  simpleValue?: number;
  image?: { height: number; width: number; colorspace: number; encodedImageString: Uint8Array };
  histo?: HistogramValue;
  tensor?: { dtype: number; tensorShape: { dim: { size: number }[] }; stringVal: Uint8Array[] };
  metadata?: { pluginData: { pluginName: string; content?: Uint8Array } };
}

export interface EventValue {
  wallTime: number;
  step?: number;
  fileVersion?: string;
  summary?: { value: SummaryValue[] };
}

export function encodeEvent(e: EventValue): Uint8Array {
  return Event.encode(Event.fromObject(e)).finish();
}

export function decodeEvent(bytes: Uint8Array): EventValue {
  return Event.toObject(Event.decode(bytes), { longs: Number, bytes: Array, defaults: false }) as EventValue;
}
