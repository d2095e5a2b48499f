// Process-wide runtime: build/device information for `tsnas doctor`, threads, seeding and RNG state.
#include <ATen/Parallel.h>
#include <ATen/Version.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include "store.h"

#ifndef TSNAS_TORCH_LIB_DIR
#define TSNAS_TORCH_LIB_DIR ""
#endif

namespace tsnas {
namespace {

Napi::Value Info(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  auto o = Napi::Object::New(env);
  o.Set("torchVersion", Napi::String::New(env, TORCH_VERSION));
  o.Set("torchLibDir", Napi::String::New(env, TSNAS_TORCH_LIB_DIR));
  bool cuda = torch::cuda::is_available();
  o.Set("cudaAvailable", Napi::Boolean::New(env, cuda));
  o.Set("cudaDeviceCount", Napi::Number::New(env, cuda ? static_cast<double>(torch::cuda::device_count()) : 0));
  o.Set("cudnnAvailable", Napi::Boolean::New(env, cuda && torch::cuda::cudnn_is_available()));
  o.Set("cudnnVersion", Napi::Number::New(env, cuda ? static_cast<double>(at::Context::versionCuDNN()) : 0));
  o.Set("cudaBuild", Napi::Boolean::New(env, at::Context::hasCUDART()));
  o.Set("mkldnn", Napi::Boolean::New(env, at::Context::hasMKLDNN()));
  o.Set("mkl", Napi::Boolean::New(env, at::Context::hasMKL()));
  o.Set("openmp", Napi::Boolean::New(env, at::Context::hasOpenMP()));
  o.Set("intraOpThreads", Napi::Number::New(env, at::get_num_threads()));
  o.Set("interOpThreads", Napi::Number::New(env, at::get_num_interop_threads()));
  o.Set("parallelInfo", Napi::String::New(env, at::get_parallel_info()));
  o.Set("buildConfig", Napi::String::New(env, at::show_config()));
  return o;
}

Napi::Value SetNumThreads(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "setNumThreads", [&]() -> Napi::Value {
    at::set_num_threads(info[0].As<Napi::Number>().Int32Value());
    return env.Undefined();
  });
}

Napi::Value GetNumThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), at::get_num_threads());
}

Napi::Value ManualSeed(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "manualSeed", [&]() -> Napi::Value {
    torch::manual_seed(static_cast<uint64_t>(info[0].As<Napi::Number>().Int64Value()));
    return env.Undefined();
  });
}

at::Generator generatorFor(const Napi::CallbackInfo& info, size_t i) {
  std::string dev = info.Length() > i && info[i].IsString() ? info[i].As<Napi::String>().Utf8Value() : "cpu";
  return at::globalContext().defaultGenerator(c10::Device(dev));
}

// getRngState(device?) -> handle of a uint8 tensor, as torch.get_rng_state().
Napi::Value GetRngState(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "getRngState", [&]() -> Napi::Value {
    auto gen = generatorFor(info, 0);
    std::lock_guard<std::mutex> lock(gen.mutex());
    return wrapTensor(env, gen.get_state());
  });
}

Napi::Value SetRngState(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "setRngState", [&]() -> Napi::Value {
    at::Tensor state = store().get(handleArg(info[0], "setRngState"));
    auto gen = generatorFor(info, 1);
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_state(state);
    return env.Undefined();
  });
}

Napi::Value CudaSynchronize(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "cudaSynchronize", [&]() -> Napi::Value {
    if (torch::cuda::is_available()) torch::cuda::synchronize();
    return env.Undefined();
  });
}

}  // namespace

void registerRuntime(Napi::Env env, Napi::Object exports) {
  exports.Set("info", Napi::Function::New(env, Info));
  exports.Set("setNumThreads", Napi::Function::New(env, SetNumThreads));
  exports.Set("getNumThreads", Napi::Function::New(env, GetNumThreads));
  exports.Set("manualSeed", Napi::Function::New(env, ManualSeed));
  exports.Set("getRngState", Napi::Function::New(env, GetRngState));
  exports.Set("setRngState", Napi::Function::New(env, SetRngState));
  exports.Set("cudaSynchronize", Napi::Function::New(env, CudaSynchronize));
}

}  // namespace tsnas
