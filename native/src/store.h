// The tensor store: JS holds small integer handles, the addon owns the at::Tensor behind each one.
// Handles keep every op call a plain number crossing; lifetime is decided by the JS scope API, with a
// FinalizationRegistry backstop calling release().
#pragma once

#include <napi.h>
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace tsnas {

class TensorStore {
 public:
  // Takes ownership; returns the handle. Undefined tensors are never stored (callers map them to JS undefined).
  int32_t put(napi_env env, at::Tensor t);
  const at::Tensor& get(int32_t handle) const;
  bool valid(int32_t handle) const;
  void release(napi_env env, int32_t handle);

  int64_t liveTensors() const { return liveTensors_; }
  int64_t liveBytes() const { return liveBytes_; }
  int64_t peakBytes() const { return peakBytes_; }
  void resetPeak() { peakBytes_ = liveBytes_; }

 private:
  struct StorageUse {
    int64_t refs;
    int64_t bytes;
  };
  std::vector<at::Tensor> tensors_;
  std::vector<const void*> storageOf_;
  std::vector<int32_t> free_;
  // Bytes are counted once per storage, however many handles (views, grads, detached copies) share it.
  std::unordered_map<const void*, StorageUse> storages_;
  int64_t liveTensors_ = 0;
  int64_t liveBytes_ = 0;
  int64_t peakBytes_ = 0;
};

TensorStore& store();

// "float32[2, 3] cpu" for error messages.
std::string describe(const at::Tensor& t);
std::string dtypeName(at::ScalarType t);
std::string shapeString(at::IntArrayRef sizes);

int32_t handleArg(const Napi::Value& v, const char* what);
// A JS array of integers; `what` names the argument in the error.
std::vector<int64_t> intsArg(const Napi::Value& v, const char* what);
Napi::Value wrapTensor(Napi::Env env, at::Tensor t);

// Runs fn, turning every libtorch / std exception into a JS Error that starts with `op`.
template <typename F>
auto guarded(Napi::Env env, const std::string& op, F&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const Napi::Error&) {
    throw;
  } catch (const c10::Error& e) {
    throw Napi::Error::New(env, op + ": " + e.what_without_backtrace());
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, op + ": " + e.what());
  }
}

void registerDispatch(Napi::Env env, Napi::Object exports);
void registerTensors(Napi::Env env, Napi::Object exports);
void registerAutograd(Napi::Env env, Napi::Object exports);
void registerIo(Napi::Env env, Napi::Object exports);
void registerRuntime(Napi::Env env, Napi::Object exports);
void registerProfiler(Napi::Env env, Napi::Object exports);
void registerFunctions(Napi::Env env, Napi::Object exports);
void registerDistributed(Napi::Env env, Napi::Object exports);

}  // namespace tsnas
