#include "store.h"

#include <sstream>

namespace tsnas {

TensorStore& store() {
  static TensorStore s;
  return s;
}

static const void* storageKey(const at::Tensor& t) {
  if (!t.has_storage()) return nullptr;
  return t.storage().unsafeGetStorageImpl();
}

int32_t TensorStore::put(napi_env env, at::Tensor t) {
  int32_t h;
  if (!free_.empty()) {
    h = free_.back();
    free_.pop_back();
  } else {
    h = static_cast<int32_t>(tensors_.size());
    tensors_.emplace_back();
    storageOf_.push_back(nullptr);
  }
  const void* key = storageKey(t);
  storageOf_[h] = key;
  if (key != nullptr) {
    auto it = storages_.find(key);
    if (it == storages_.end()) {
      int64_t bytes = static_cast<int64_t>(t.storage().nbytes());
      storages_.emplace(key, StorageUse{1, bytes});
      liveBytes_ += bytes;
      if (liveBytes_ > peakBytes_) peakBytes_ = liveBytes_;
      if (bytes > 0) napi_adjust_external_memory(env, bytes, nullptr);
    } else {
      it->second.refs++;
    }
  }
  tensors_[h] = std::move(t);
  liveTensors_++;
  return h;
}

bool TensorStore::valid(int32_t h) const {
  return h >= 0 && static_cast<size_t>(h) < tensors_.size() && tensors_[h].defined();
}

const at::Tensor& TensorStore::get(int32_t h) const {
  if (!valid(h)) throw std::runtime_error("tensor handle " + std::to_string(h) + " is not live (disposed?)");
  return tensors_[h];
}

void TensorStore::release(napi_env env, int32_t h) {
  if (!valid(h)) return;
  const void* key = storageOf_[h];
  if (key != nullptr) {
    auto it = storages_.find(key);
    if (it != storages_.end() && --it->second.refs == 0) {
      liveBytes_ -= it->second.bytes;
      if (it->second.bytes > 0) napi_adjust_external_memory(env, -it->second.bytes, nullptr);
      storages_.erase(it);
    }
  }
  tensors_[h] = at::Tensor();
  storageOf_[h] = nullptr;
  free_.push_back(h);
  liveTensors_--;
}

std::string dtypeName(at::ScalarType t) {
  switch (t) {
    case at::kFloat: return "float32";
    case at::kDouble: return "float64";
    case at::kHalf: return "float16";
    case at::kBFloat16: return "bfloat16";
    case at::kLong: return "int64";
    case at::kInt: return "int32";
    case at::kShort: return "int16";
    case at::kChar: return "int8";
    case at::kByte: return "uint8";
    case at::kBool: return "bool";
    default: return c10::toString(t);
  }
}

std::string shapeString(at::IntArrayRef sizes) {
  std::ostringstream o;
  o << "[";
  for (size_t i = 0; i < sizes.size(); i++) o << (i ? ", " : "") << sizes[i];
  o << "]";
  return o.str();
}

std::string describe(const at::Tensor& t) {
  if (!t.defined()) return "undefined";
  return dtypeName(t.scalar_type()) + shapeString(t.sizes()) + " " + t.device().str();
}

int32_t handleArg(const Napi::Value& v, const char* what) {
  if (!v.IsNumber()) throw std::runtime_error(std::string(what) + " must be a tensor");
  return v.As<Napi::Number>().Int32Value();
}

Napi::Value wrapTensor(Napi::Env env, at::Tensor t) {
  if (!t.defined()) return env.Undefined();
  return Napi::Number::New(env, store().put(env, std::move(t)));
}

std::vector<int64_t> intsArg(const Napi::Value& v, const char* what) {
  if (!v.IsArray()) throw std::runtime_error(std::string(what) + " must be an array of integers");
  auto arr = v.As<Napi::Array>();
  std::vector<int64_t> out;
  out.reserve(arr.Length());
  for (uint32_t i = 0; i < arr.Length(); i++) {
    Napi::Value e = arr.Get(i);
    if (!e.IsNumber()) throw std::runtime_error(std::string(what) + " must be an array of integers");
    out.push_back(e.As<Napi::Number>().Int64Value());
  }
  return out;
}

}  // namespace tsnas
