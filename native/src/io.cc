// torch.save / torch.load interoperability through libtorch's own pickler (the zip format of PyTorch >= 1.6).
// Values cross to JS as: dict -> Map, list/tuple -> Array, tensor -> {$tensor: handle}, str/int/float/bool,
// None -> null. safetensors needs no native help and lives in TypeScript.
#include <torch/csrc/jit/serialization/pickle.h>

#include "store.h"

namespace tsnas {
namespace {

Napi::Value toJs(Napi::Env env, const c10::IValue& v, Napi::Function mapCtor) {
  if (v.isTensor()) {
    auto o = Napi::Object::New(env);
    o.Set("$tensor", wrapTensor(env, v.toTensor()));
    return o;
  }
  if (v.isNone()) return env.Null();
  if (v.isBool()) return Napi::Boolean::New(env, v.toBool());
  if (v.isInt()) return Napi::Number::New(env, static_cast<double>(v.toInt()));
  if (v.isDouble()) return Napi::Number::New(env, v.toDouble());
  if (v.isString()) return Napi::String::New(env, v.toStringRef());
  if (v.isGenericDict()) {
    Napi::Object map = mapCtor.New({});
    Napi::Function set = map.Get("set").As<Napi::Function>();
    for (const auto& kv : v.toGenericDict()) set.Call(map, {toJs(env, kv.key(), mapCtor), toJs(env, kv.value(), mapCtor)});
    return map;
  }
  if (v.isList()) {
    auto list = v.toListRef();
    auto arr = Napi::Array::New(env, list.size());
    for (uint32_t i = 0; i < list.size(); i++) arr.Set(i, toJs(env, list[i], mapCtor));
    return arr;
  }
  if (v.isTuple()) {
    const auto& elems = v.toTupleRef().elements();
    auto arr = Napi::Array::New(env, elems.size());
    for (uint32_t i = 0; i < elems.size(); i++) arr.Set(i, toJs(env, elems[i], mapCtor));
    return arr;
  }
  throw std::runtime_error(std::string("unsupported value of type ") + v.tagKind() + " in the checkpoint");
}

c10::IValue fromJs(Napi::Env env, const Napi::Value& v) {
  if (v.IsNull() || v.IsUndefined()) return c10::IValue();
  if (v.IsBoolean()) return v.As<Napi::Boolean>().Value();
  if (v.IsNumber()) {
    double d = v.As<Napi::Number>().DoubleValue();
    if (std::nearbyint(d) == d && std::abs(d) < 9.0e15) return static_cast<int64_t>(d);
    return d;
  }
  if (v.IsString()) return v.As<Napi::String>().Utf8Value();
  if (v.IsArray()) {
    auto arr = v.As<Napi::Array>();
    c10::impl::GenericList list(c10::AnyType::get());
    for (uint32_t i = 0; i < arr.Length(); i++) list.push_back(fromJs(env, arr.Get(i)));
    return list;
  }
  if (v.IsObject()) {
    auto o = v.As<Napi::Object>();
    if (o.Has("$tensor")) return store().get(handleArg(o.Get("$tensor"), "pickleSave"));
    c10::impl::GenericDict dict(c10::AnyType::get(), c10::AnyType::get());
    if (o.Has("$entries")) {  // a Map, flattened by TS as [[key, value], ...] so that int keys survive
      auto entries = o.Get("$entries").As<Napi::Array>();
      for (uint32_t i = 0; i < entries.Length(); i++) {
        auto kv = entries.Get(i).As<Napi::Array>();
        dict.insert(fromJs(env, kv.Get(0u)), fromJs(env, kv.Get(1u)));
      }
      return dict;
    }
    auto keys = o.GetPropertyNames();
    for (uint32_t i = 0; i < keys.Length(); i++) {
      std::string k = keys.Get(i).As<Napi::String>();
      dict.insert(k, fromJs(env, o.Get(k)));
    }
    return dict;
  }
  throw std::runtime_error("cannot save this JS value in a torch checkpoint");
}

Napi::Value PickleLoad(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "torch.load", [&]() -> Napi::Value {
    auto buf = info[0].As<Napi::Buffer<char>>();
    std::vector<char> data(buf.Data(), buf.Data() + buf.Length());
    c10::IValue v = torch::pickle_load(data);
    Napi::Function mapCtor = env.Global().Get("Map").As<Napi::Function>();
    return toJs(env, v, mapCtor);
  });
}

Napi::Value PickleSave(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "torch.save", [&]() -> Napi::Value {
    c10::IValue v = fromJs(env, info[0]);
    std::vector<char> bytes = torch::pickle_save(v);
    return Napi::Buffer<char>::Copy(env, bytes.data(), bytes.size());
  });
}

}  // namespace

void registerIo(Napi::Env env, Napi::Object exports) {
  exports.Set("pickleLoad", Napi::Function::New(env, PickleLoad));
  exports.Set("pickleSave", Napi::Function::New(env, PickleSave));
}

}  // namespace tsnas
