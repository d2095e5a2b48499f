// Checkpoint support: storage-level helpers for src/io, which parses and writes pickles itself (src/io/pickle.ts).
// libtorch 1.13's own Unpickler only reads what TorchScript writes: it rejects SETITEM (a one-entry dict written by
// Python), turns collections.OrderedDict into None (so every Python state_dict fails with an INTERNAL ASSERT) and
// cannot read the legacy (pre-1.6) format. The addon therefore provides only:
//
//   ioStorageInfo(h)  -> [storageKey, storageNumel, storageOffset, sizes, strides, device, dtypeCode]
//   ioStorageBytes(h) -> ArrayBuffer with the whole storage of h (copied to the CPU)
//   ioAsStrided(h, sizes, strides, storageOffset) -> handle of a view on h's storage
//
// so that tensors sharing a storage in a checkpoint share it after loading and are saved once, as torch does.
#include <cstring>
#include <sstream>

#include "store.h"

namespace tsnas {
namespace {

Napi::Array intsValue(Napi::Env env, at::IntArrayRef v) {
  auto arr = Napi::Array::New(env, v.size());
  for (uint32_t i = 0; i < v.size(); i++) arr.Set(i, Napi::Number::New(env, static_cast<double>(v[i])));
  return arr;
}

Napi::Value StorageInfo(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "ioStorageInfo", [&]() -> Napi::Value {
    const at::Tensor& t = store().get(handleArg(info[0], "ioStorageInfo"));
    if (!t.has_storage()) throw std::runtime_error("tensor " + describe(t) + " has no storage");
    auto out = Napi::Array::New(env, 7);
    std::ostringstream key;
    key << t.storage().unsafeGetStorageImpl();
    int64_t elem = static_cast<int64_t>(t.element_size());
    out.Set(0u, Napi::String::New(env, key.str()));
    out.Set(1u, Napi::Number::New(env, static_cast<double>(static_cast<int64_t>(t.storage().nbytes()) / elem)));
    out.Set(2u, Napi::Number::New(env, static_cast<double>(t.storage_offset())));
    out.Set(3u, intsValue(env, t.sizes()));
    out.Set(4u, intsValue(env, t.strides()));
    out.Set(5u, Napi::String::New(env, t.device().str()));
    out.Set(6u, Napi::Number::New(env, static_cast<int>(t.scalar_type())));
    return out;
  });
}

Napi::Value StorageBytes(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "ioStorageBytes", [&]() -> Napi::Value {
    const at::Tensor& t = store().get(handleArg(info[0], "ioStorageBytes"));
    if (!t.has_storage()) throw std::runtime_error("tensor " + describe(t) + " has no storage");
    int64_t elem = static_cast<int64_t>(t.element_size());
    int64_t numel = static_cast<int64_t>(t.storage().nbytes()) / elem;
    at::Tensor whole = at::empty({0}, t.options().requires_grad(false));
    {
      at::NoGradGuard noGrad;
      whole.set_(t.storage(), 0, {numel}, {1});
    }
    whole = whole.to(at::kCPU);
    size_t n = static_cast<size_t>(numel * elem);
    auto ab = Napi::ArrayBuffer::New(env, n);
    if (n > 0) std::memcpy(ab.Data(), whole.data_ptr(), n);
    return ab;
  });
}

Napi::Value AsStrided(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "ioAsStrided", [&]() -> Napi::Value {
    const at::Tensor& base = store().get(handleArg(info[0], "ioAsStrided"));
    auto sizes = intsArg(info[1], "sizes");
    auto strides = intsArg(info[2], "strides");
    int64_t offset = info[3].As<Napi::Number>().Int64Value();
    if (sizes.size() != strides.size())
      throw std::runtime_error("sizes " + shapeString(sizes) + " and strides " + shapeString(strides) +
                               " differ in length");
    int64_t elem = static_cast<int64_t>(base.element_size());
    int64_t numel = static_cast<int64_t>(base.storage().nbytes()) / elem;
    int64_t last = offset;
    for (size_t i = 0; i < sizes.size(); i++) {
      if (sizes[i] < 0 || strides[i] < 0) throw std::runtime_error("negative size or stride");
      if (sizes[i] == 0) { last = -1; break; }
      last += (sizes[i] - 1) * strides[i];
    }
    if (offset < 0 || (last >= 0 && last >= numel))
      throw std::runtime_error("a view of size " + shapeString(sizes) + ", stride " + shapeString(strides) +
                               " at offset " + std::to_string(offset) + " does not fit a storage of " +
                               std::to_string(numel) + " elements");
    at::Tensor view;
    {
      at::NoGradGuard noGrad;
      view = at::empty({0}, base.options().requires_grad(false));
      view.set_(base.storage(), offset, sizes, strides);
    }
    return wrapTensor(env, std::move(view));
  });
}

}  // namespace

void registerIo(Napi::Env env, Napi::Object exports) {
  exports.Set("ioStorageInfo", Napi::Function::New(env, StorageInfo));
  exports.Set("ioStorageBytes", Napi::Function::New(env, StorageBytes));
  exports.Set("ioAsStrided", Napi::Function::New(env, AsStrided));
}

}  // namespace tsnas
