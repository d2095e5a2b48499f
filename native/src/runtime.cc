// Process-wide runtime: build/device information for `tsnas doctor`, threads, seeding and RNG state.
#include <ATen/Parallel.h>
#include <ATen/Version.h>
#include <ATen/autocast_mode.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include "store.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

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

// configureAllocator({mmapThreshold?, mmapMax?, trimThreshold?, topPad?}) -> whether the C allocator took the settings
// (glibc mallopt).
// libtorch's CPU tensors come from malloc; with glibc's defaults every activation above the (dynamic) mmap threshold
// is a fresh mmap whose pages fault in on first touch and go back to the kernel on free, every step. Keeping them in
// the heap (a fixed high mmap threshold, no trimming) lets the next step reuse the same pages.
Napi::Value ConfigureAllocator(const Napi::CallbackInfo& info) {
  auto env = info.Env();
#if defined(__GLIBC__)
  bool ok = true;
  if (info.Length() > 0 && info[0].IsObject()) {
    auto o = info[0].As<Napi::Object>();
    auto set = [&](const char* key, int param) {
      if (!o.Has(key) || !o.Get(key).IsNumber()) return;
      double v = o.Get(key).As<Napi::Number>().DoubleValue();
      int iv = v > 2147483647.0 ? 2147483647 : static_cast<int>(v);
      ok = mallopt(param, iv) == 1 && ok;
    };
    set("mmapThreshold", M_MMAP_THRESHOLD);
    set("mmapMax", M_MMAP_MAX);
    set("trimThreshold", M_TRIM_THRESHOLD);
    set("topPad", M_TOP_PAD);
  }
  return Napi::Boolean::New(env, ok);
#else
  return Napi::Boolean::New(env, false);
#endif
}

// mallocTrim() -> whether memory went back to the kernel (glibc malloc_trim(0)).
Napi::Value MallocTrim(const Napi::CallbackInfo& info) {
#if defined(__GLIBC__)
  return Napi::Boolean::New(info.Env(), malloc_trim(0) == 1);
#else
  return Napi::Boolean::New(info.Env(), false);
#endif
}

// setAutocastEnabled(device 'cpu' | 'cuda', dtype code, on) -> [previous on, previous dtype code]. Autocast is
// thread-local dispatch state (the Autocast / AutocastCPU keys) and every op runs on the JS thread, so flipping it
// around a synchronous JS callback is exactly `with torch.autocast(...)`: the boxed dispatcher routes each op
// through the autocast kernels, which cast to `dtype` where PyTorch's autocast lists say so.
Napi::Value SetAutocastEnabled(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "setAutocastEnabled", [&]() -> Napi::Value {
    std::string dev = info[0].As<Napi::String>().Utf8Value();
    auto dtype = static_cast<at::ScalarType>(info[1].As<Napi::Number>().Int32Value());
    bool on = info[2].ToBoolean().Value();
    bool prevOn;
    at::ScalarType prevType;
    if (dev == "cpu") {
      prevOn = at::autocast::is_cpu_enabled();
      prevType = at::autocast::get_autocast_cpu_dtype();
      at::autocast::set_autocast_cpu_dtype(dtype);
      at::autocast::set_cpu_enabled(on);
    } else if (dev.rfind("cuda", 0) == 0) {
      prevOn = at::autocast::is_enabled();
      prevType = at::autocast::get_autocast_gpu_dtype();
      at::autocast::set_autocast_gpu_dtype(dtype);
      at::autocast::set_enabled(on);
    } else {
      throw std::runtime_error("autocast: unknown device '" + dev + "' (cpu or cuda)");
    }
    auto out = Napi::Array::New(env, 2);
    out.Set(0u, Napi::Boolean::New(env, prevOn));
    out.Set(1u, Napi::Number::New(env, static_cast<int>(prevType)));
    return out;
  });
}

// autocastNesting(+1 | -1) -> the new depth; leaving the outermost region clears the cast-weight cache, as
// torch.autocast.__exit__ does.
Napi::Value AutocastNesting(const Napi::CallbackInfo& info) {
  int delta = info[0].As<Napi::Number>().Int32Value();
  int depth = delta >= 0 ? at::autocast::increment_nesting() : at::autocast::decrement_nesting();
  if (delta < 0 && depth == 0) at::autocast::clear_cache();
  return Napi::Number::New(info.Env(), depth);
}

Napi::Value IsAutocastEnabled(const Napi::CallbackInfo& info) {
  std::string dev = info.Length() > 0 && info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "cuda";
  return Napi::Boolean::New(info.Env(), dev == "cpu" ? at::autocast::is_cpu_enabled() : at::autocast::is_enabled());
}

}  // namespace

void registerRuntime(Napi::Env env, Napi::Object exports) {
  exports.Set("configureAllocator", Napi::Function::New(env, ConfigureAllocator));
  exports.Set("mallocTrim", Napi::Function::New(env, MallocTrim));
  exports.Set("setAutocastEnabled", Napi::Function::New(env, SetAutocastEnabled));
  exports.Set("autocastNesting", Napi::Function::New(env, AutocastNesting));
  exports.Set("isAutocastEnabled", Napi::Function::New(env, IsAutocastEnabled));
  exports.Set("info", Napi::Function::New(env, Info));
  exports.Set("setNumThreads", Napi::Function::New(env, SetNumThreads));
  exports.Set("getNumThreads", Napi::Function::New(env, GetNumThreads));
  exports.Set("manualSeed", Napi::Function::New(env, ManualSeed));
  exports.Set("getRngState", Napi::Function::New(env, GetRngState));
  exports.Set("setRngState", Napi::Function::New(env, SetRngState));
  exports.Set("cudaSynchronize", Napi::Function::New(env, CudaSynchronize));
}

}  // namespace tsnas
