"""Reads TensorBoard event files with Python's protobuf (Debian python3-protobuf), independently of tsnas' reader.

The messages are TensorFlow's own (tensorflow/core/util/event.proto, framework/summary.proto, tensor.proto,
tensor_shape.proto), declared here field by field from those files since TensorFlow is not installed. Every record's
framing is checked: the masked CRC-32C of its length and of its data, computed bit by bit here.

usage: tensorboard_events.py EVENT_FILE  -> JSON on stdout: one object per event
"""
import json
import struct
import sys

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

F = descriptor_pb2.FieldDescriptorProto
OPT, REP = F.LABEL_OPTIONAL, F.LABEL_REPEATED


def message(parent, name, fields):
    m = parent.add(name=name)
    for number, fname, ftype, label, type_name in fields:
        f = m.field.add(name=fname, number=number, type=ftype, label=label)
        if type_name:
            f.type_name = type_name
    return m


fdp = descriptor_pb2.FileDescriptorProto(name="tsnas_test_event.proto", package="tensorflow", syntax="proto3")
message(fdp.message_type, "TensorShapeProto", [(2, "dim", F.TYPE_MESSAGE, REP, ".tensorflow.TensorShapeProto.Dim")])
message(fdp.message_type[0].nested_type, "Dim", [(1, "size", F.TYPE_INT64, OPT, None), (2, "name", F.TYPE_STRING, OPT, None)])
message(fdp.message_type, "TensorProto", [
    (1, "dtype", F.TYPE_INT32, OPT, None),  # an enum in TensorFlow: the same varint on the wire
    (2, "tensor_shape", F.TYPE_MESSAGE, OPT, ".tensorflow.TensorShapeProto"),
    (8, "string_val", F.TYPE_BYTES, REP, None),
])
message(fdp.message_type, "HistogramProto", [
    (1, "min", F.TYPE_DOUBLE, OPT, None), (2, "max", F.TYPE_DOUBLE, OPT, None), (3, "num", F.TYPE_DOUBLE, OPT, None),
    (4, "sum", F.TYPE_DOUBLE, OPT, None), (5, "sum_squares", F.TYPE_DOUBLE, OPT, None),
    (6, "bucket_limit", F.TYPE_DOUBLE, REP, None), (7, "bucket", F.TYPE_DOUBLE, REP, None),
])
meta = message(fdp.message_type, "SummaryMetadata", [
    (1, "plugin_data", F.TYPE_MESSAGE, OPT, ".tensorflow.SummaryMetadata.PluginData"),
    (2, "display_name", F.TYPE_STRING, OPT, None), (3, "summary_description", F.TYPE_STRING, OPT, None),
])
message(meta.nested_type, "PluginData", [(1, "plugin_name", F.TYPE_STRING, OPT, None), (2, "content", F.TYPE_BYTES, OPT, None)])
summary = message(fdp.message_type, "Summary", [(1, "value", F.TYPE_MESSAGE, REP, ".tensorflow.Summary.Value")])
message(summary.nested_type, "Image", [
    (1, "height", F.TYPE_INT32, OPT, None), (2, "width", F.TYPE_INT32, OPT, None),
    (3, "colorspace", F.TYPE_INT32, OPT, None), (4, "encoded_image_string", F.TYPE_BYTES, OPT, None),
])
message(summary.nested_type, "Value", [
    (7, "node_name", F.TYPE_STRING, OPT, None), (1, "tag", F.TYPE_STRING, OPT, None),
    (2, "simple_value", F.TYPE_FLOAT, OPT, None), (4, "image", F.TYPE_MESSAGE, OPT, ".tensorflow.Summary.Image"),
    (5, "histo", F.TYPE_MESSAGE, OPT, ".tensorflow.HistogramProto"), (8, "tensor", F.TYPE_MESSAGE, OPT, ".tensorflow.TensorProto"),
    (9, "metadata", F.TYPE_MESSAGE, OPT, ".tensorflow.SummaryMetadata"),
])
message(fdp.message_type, "Event", [
    (1, "wall_time", F.TYPE_DOUBLE, OPT, None), (2, "step", F.TYPE_INT64, OPT, None),
    (3, "file_version", F.TYPE_STRING, OPT, None), (5, "summary", F.TYPE_MESSAGE, OPT, ".tensorflow.Summary"),
])
# proto3 scalars have no presence: simple_value must be told apart from 0, so the Value fields are made proto2-optional.
fdp.syntax = "proto2"

pool = descriptor_pool.DescriptorPool()
pool.Add(fdp)
descriptor = pool.FindMessageTypeByName("tensorflow.Event")
Event = message_factory.GetMessageClass(descriptor) if hasattr(message_factory, "GetMessageClass") else message_factory.MessageFactory(pool).GetPrototype(descriptor)


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def masked(data):
    c = crc32c(data)
    return ((((c >> 15) | (c << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def records(buf):
    at = 0
    while at < len(buf):
        (length,) = struct.unpack_from("<Q", buf, at)
        (length_crc,) = struct.unpack_from("<I", buf, at + 8)
        assert length_crc == masked(buf[at:at + 8]), f"bad length CRC at byte {at}"
        data = buf[at + 12:at + 12 + length]
        (data_crc,) = struct.unpack_from("<I", buf, at + 12 + length)
        assert data_crc == masked(data), f"bad data CRC at byte {at}"
        yield data
        at += 12 + length + 4


def png_size(png):
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", png[16:24])


out = []
with open(sys.argv[1], "rb") as f:
    for data in records(f.read()):
        e = Event()
        e.ParseFromString(data)
        item = {"wall_time": e.wall_time, "step": e.step}
        if e.HasField("file_version"):
            item["file_version"] = e.file_version
        values = []
        for v in e.summary.value:
            d = {"tag": v.tag}
            if v.HasField("simple_value"):
                d["simple_value"] = v.simple_value
            if v.HasField("histo"):
                h = v.histo
                d["histo"] = {"min": h.min, "max": h.max, "num": h.num, "sum": h.sum, "sum_squares": h.sum_squares,
                              "bucket_limit": list(h.bucket_limit), "bucket": list(h.bucket)}
            if v.HasField("image"):
                w, hgt = png_size(v.image.encoded_image_string)
                d["image"] = {"width": v.image.width, "height": v.image.height, "png_width": w, "png_height": hgt,
                              "colorspace": v.image.colorspace}
            if v.HasField("tensor"):
                d["text"] = [s.decode("utf-8") for s in v.tensor.string_val]
                d["plugin"] = v.metadata.plugin_data.plugin_name
            values.append(d)
        if values:
            item["values"] = values
        out.append(item)
json.dump(out, sys.stdout)
