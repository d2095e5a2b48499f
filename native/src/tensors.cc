// Moving data between JS typed arrays and tensors, tensor metadata, and handle release.
#include "store.h"

namespace tsnas {
namespace {

at::Tensor tensorArg(const Napi::CallbackInfo& info, size_t i, const char* op) {
  return store().get(handleArg(info[i], op));
}

std::vector<int64_t> shapeArg(const Napi::Value& v) {
  std::vector<int64_t> shape;
  auto arr = v.As<Napi::Array>();
  for (uint32_t i = 0; i < arr.Length(); i++) shape.push_back(arr.Get(i).As<Napi::Number>().Int64Value());
  return shape;
}

Napi::Array shapeValue(Napi::Env env, at::IntArrayRef sizes) {
  auto arr = Napi::Array::New(env, sizes.size());
  for (uint32_t i = 0; i < sizes.size(); i++) arr.Set(i, Napi::Number::New(env, static_cast<double>(sizes[i])));
  return arr;
}

// fromBuffer(typedArray, shape, dtypeCode, device?) copies the JS data into a new tensor.
Napi::Value FromBuffer(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "fromBuffer", [&]() -> Napi::Value {
    auto ta = info[0].As<Napi::TypedArray>();
    auto shape = shapeArg(info[1]);
    auto dtype = static_cast<at::ScalarType>(info[2].As<Napi::Number>().Int32Value());
    auto buf = ta.ArrayBuffer();
    uint8_t* data = static_cast<uint8_t*>(buf.Data()) + ta.ByteOffset();
    int64_t numel = 1;
    for (auto d : shape) numel *= d;
    size_t need = static_cast<size_t>(numel) * c10::elementSize(dtype);
    if (need != ta.ByteLength())
      throw std::runtime_error("shape " + shapeString(shape) + " of " + dtypeName(dtype) + " needs " +
                               std::to_string(need) + " bytes, the array has " + std::to_string(ta.ByteLength()));
    at::Tensor t = at::empty(shape, at::TensorOptions().dtype(dtype));
    if (need > 0) std::memcpy(t.data_ptr(), data, need);
    if (info.Length() > 3 && info[3].IsString()) {
      c10::Device dev(info[3].As<Napi::String>().Utf8Value());
      if (dev != t.device()) t = t.to(dev);
    }
    return wrapTensor(env, std::move(t));
  });
}

// toBuffer(h) -> ArrayBuffer holding the tensor's elements in row-major order (copied to CPU).
Napi::Value ToBuffer(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "toBuffer", [&]() -> Napi::Value {
    at::Tensor t = tensorArg(info, 0, "toBuffer").detach().to(at::kCPU).contiguous();
    size_t n = t.numel() * t.element_size();
    auto ab = Napi::ArrayBuffer::New(env, n);
    if (n > 0) std::memcpy(ab.Data(), t.data_ptr(), n);
    return ab;
  });
}

// meta(h) -> [shape, dtypeCode, device, requiresGrad]
Napi::Value Meta(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "meta", [&]() -> Napi::Value {
    const at::Tensor& t = tensorArg(info, 0, "meta");
    auto out = Napi::Array::New(env, 4);
    out.Set(0u, shapeValue(env, t.sizes()));
    out.Set(1u, Napi::Number::New(env, static_cast<int>(t.scalar_type())));
    out.Set(2u, Napi::String::New(env, t.device().str()));
    out.Set(3u, Napi::Boolean::New(env, t.requires_grad()));
    return out;
  });
}

Napi::Value Strides(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "stride", [&]() -> Napi::Value { return shapeValue(env, tensorArg(info, 0, "stride").strides()); });
}

Napi::Value IsContiguous(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "isContiguous", [&]() -> Napi::Value {
    auto fmt = info.Length() > 1 ? static_cast<at::MemoryFormat>(info[1].As<Napi::Number>().Int32Value())
                                 : at::MemoryFormat::Contiguous;
    return Napi::Boolean::New(env, tensorArg(info, 0, "isContiguous").is_contiguous(fmt));
  });
}

Napi::Value Item(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "item", [&]() -> Napi::Value {
    const at::Tensor& t = tensorArg(info, 0, "item");
    if (t.numel() != 1)
      throw std::runtime_error("a tensor with " + std::to_string(t.numel()) + " elements " + describe(t) +
                               " cannot be converted to a number");
    auto s = t.item();
    if (s.isBoolean()) return Napi::Boolean::New(env, s.toBool());
    if (s.isIntegral(false)) return Napi::Number::New(env, static_cast<double>(s.toLong()));
    return Napi::Number::New(env, s.toDouble());
  });
}

Napi::Value Release(const Napi::CallbackInfo& info) {
  store().release(info.Env(), info[0].As<Napi::Number>().Int32Value());
  return info.Env().Undefined();
}

Napi::Value ReleaseMany(const Napi::CallbackInfo& info) {
  auto arr = info[0].As<Napi::Array>();
  for (uint32_t i = 0; i < arr.Length(); i++) store().release(info.Env(), arr.Get(i).As<Napi::Number>().Int32Value());
  return info.Env().Undefined();
}

Napi::Value IsLive(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), store().valid(info[0].As<Napi::Number>().Int32Value()));
}

// Same tensor object, new handle: lets JS hold a second owner (e.g. a module keeping what a scope returns).
Napi::Value Share(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "share", [&]() -> Napi::Value { return wrapTensor(env, tensorArg(info, 0, "share")); });
}

// Replace the tensor behind handle `dst` by the one behind `src`, keeping dst's handle (used by `module.to()`
// and checkpoint loading to swap parameter storage while JS references stay valid).
Napi::Value Assign(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "assign", [&]() -> Napi::Value {
    int32_t dst = handleArg(info[0], "assign");
    at::Tensor src = tensorArg(info, 1, "assign");
    store().release(env, dst);
    int32_t h = store().put(env, std::move(src));
    if (h != dst) throw std::runtime_error("assign: handle reuse failed");
    return env.Undefined();
  });
}

Napi::Value Memory(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  auto o = Napi::Object::New(env);
  o.Set("tensors", Napi::Number::New(env, static_cast<double>(store().liveTensors())));
  o.Set("bytes", Napi::Number::New(env, static_cast<double>(store().liveBytes())));
  o.Set("peakBytes", Napi::Number::New(env, static_cast<double>(store().peakBytes())));
  return o;
}

Napi::Value ResetPeak(const Napi::CallbackInfo& info) {
  store().resetPeak();
  return info.Env().Undefined();
}

}  // namespace

void registerTensors(Napi::Env env, Napi::Object exports) {
  exports.Set("fromBuffer", Napi::Function::New(env, FromBuffer));
  exports.Set("toBuffer", Napi::Function::New(env, ToBuffer));
  exports.Set("meta", Napi::Function::New(env, Meta));
  exports.Set("strides", Napi::Function::New(env, Strides));
  exports.Set("isContiguous", Napi::Function::New(env, IsContiguous));
  exports.Set("item", Napi::Function::New(env, Item));
  exports.Set("release", Napi::Function::New(env, Release));
  exports.Set("releaseMany", Napi::Function::New(env, ReleaseMany));
  exports.Set("isLive", Napi::Function::New(env, IsLive));
  exports.Set("share", Napi::Function::New(env, Share));
  exports.Set("assign", Napi::Function::New(env, Assign));
  exports.Set("memory", Napi::Function::New(env, Memory));
  exports.Set("resetPeak", Napi::Function::New(env, ResetPeak));
}

}  // namespace tsnas
