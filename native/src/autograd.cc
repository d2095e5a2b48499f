// Autograd entry points: backward, grad, .grad access, requires_grad and the grad-mode switch.
#include <torch/csrc/autograd/autograd.h>

#include "store.h"

namespace tsnas {
namespace {

std::vector<at::Tensor> tensorsArg(const Napi::Value& v, const char* what) {
  std::vector<at::Tensor> out;
  if (v.IsUndefined() || v.IsNull()) return out;
  auto arr = v.As<Napi::Array>();
  for (uint32_t i = 0; i < arr.Length(); i++) {
    Napi::Value e = arr.Get(i);
    if (e.IsUndefined() || e.IsNull()) out.emplace_back();
    else out.push_back(store().get(handleArg(e, what)));
  }
  return out;
}

// backward(tensors, grads?, retainGraph, createGraph, inputs?)
Napi::Value Backward(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "backward", [&]() -> Napi::Value {
    auto tensors = tensorsArg(info[0], "backward");
    auto grads = tensorsArg(info[1], "backward");
    bool retain = info[2].ToBoolean().Value();
    bool create = info[3].ToBoolean().Value();
    auto inputs = tensorsArg(info.Length() > 4 ? info[4] : env.Undefined(), "backward");
    for (const auto& t : tensors)
      if (!t.requires_grad())
        throw std::runtime_error("element " + describe(t) + " does not require grad and has no grad_fn");
    c10::optional<bool> retainOpt = retain || create ? c10::optional<bool>(true) : c10::nullopt;
    torch::autograd::backward(tensors, grads, retainOpt, create, inputs);
    return env.Undefined();
  });
}

// grad(outputs, inputs, gradOutputs?, retainGraph, createGraph, allowUnused) -> (handle|undefined)[]
Napi::Value Grad(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "autograd.grad", [&]() -> Napi::Value {
    auto outputs = tensorsArg(info[0], "grad");
    auto inputs = tensorsArg(info[1], "grad");
    auto gradOutputs = tensorsArg(info[2], "grad");
    bool retain = info[3].ToBoolean().Value();
    bool create = info[4].ToBoolean().Value();
    bool allowUnused = info[5].ToBoolean().Value();
    c10::optional<bool> retainOpt = retain || create ? c10::optional<bool>(true) : c10::nullopt;
    auto res = torch::autograd::grad(outputs, inputs, gradOutputs, retainOpt, create, allowUnused);
    auto arr = Napi::Array::New(env, res.size());
    for (uint32_t i = 0; i < res.size(); i++) arr.Set(i, wrapTensor(env, res[i]));
    return arr;
  });
}

Napi::Value GetGrad(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "grad", [&]() -> Napi::Value { return wrapTensor(env, store().get(handleArg(info[0], "grad")).grad()); });
}

// getGrads(handles) -> (handle | undefined)[]: the .grad of many tensors in one crossing (optimisers, clipping).
Napi::Value GetGrads(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "getGrads", [&]() -> Napi::Value {
    auto arr = info[0].As<Napi::Array>();
    auto out = Napi::Array::New(env, arr.Length());
    for (uint32_t i = 0; i < arr.Length(); i++) out.Set(i, wrapTensor(env, store().get(handleArg(arr.Get(i), "getGrads")).grad()));
    return out;
  });
}

Napi::Value SetGrad(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "setGrad", [&]() -> Napi::Value {
    at::Tensor t = store().get(handleArg(info[0], "setGrad"));
    if (info[1].IsUndefined() || info[1].IsNull()) t.mutable_grad() = at::Tensor();
    else t.mutable_grad() = store().get(handleArg(info[1], "setGrad"));
    return env.Undefined();
  });
}

// zeroGrad(handles, setToNone): one crossing for a whole parameter list.
Napi::Value ZeroGrad(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "zeroGrad", [&]() -> Napi::Value {
    auto params = tensorsArg(info[0], "zeroGrad");
    bool none = info[1].ToBoolean().Value();
    for (auto& p : params) {
      auto& g = p.mutable_grad();
      if (!g.defined()) continue;
      if (none) g = at::Tensor();
      else {
        if (g.grad_fn()) g = g.detach();
        else g.requires_grad_(false);
        g.zero_();
      }
    }
    return env.Undefined();
  });
}

Napi::Value SetRequiresGrad(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "requiresGrad_", [&]() -> Napi::Value {
    at::Tensor t = store().get(handleArg(info[0], "requiresGrad_"));
    t.set_requires_grad(info[1].ToBoolean().Value());
    return env.Undefined();
  });
}

Napi::Value IsLeaf(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "isLeaf", [&]() -> Napi::Value {
    return Napi::Boolean::New(env, store().get(handleArg(info[0], "isLeaf")).is_leaf());
  });
}

Napi::Value GradFnName(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "gradFn", [&]() -> Napi::Value {
    const auto& fn = store().get(handleArg(info[0], "gradFn")).grad_fn();
    if (!fn) return env.Null();
    return Napi::String::New(env, fn->name());
  });
}

// setGradEnabled(on) -> previous mode. GradMode is thread-local and every call into libtorch runs on the JS
// thread, so flipping it around a JS callback is exactly torch.no_grad().
Napi::Value SetGradEnabled(const Napi::CallbackInfo& info) {
  bool prev = c10::GradMode::is_enabled();
  c10::GradMode::set_enabled(info[0].ToBoolean().Value());
  return Napi::Boolean::New(info.Env(), prev);
}

Napi::Value IsGradEnabled(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), c10::GradMode::is_enabled());
}

}  // namespace

void registerAutograd(Napi::Env env, Napi::Object exports) {
  exports.Set("backward", Napi::Function::New(env, Backward));
  exports.Set("grad", Napi::Function::New(env, Grad));
  exports.Set("getGrad", Napi::Function::New(env, GetGrad));
  exports.Set("getGrads", Napi::Function::New(env, GetGrads));
  exports.Set("setGrad", Napi::Function::New(env, SetGrad));
  exports.Set("zeroGrad", Napi::Function::New(env, ZeroGrad));
  exports.Set("setRequiresGrad", Napi::Function::New(env, SetRequiresGrad));
  exports.Set("isLeaf", Napi::Function::New(env, IsLeaf));
  exports.Set("gradFnName", Napi::Function::New(env, GradFnName));
  exports.Set("setGradEnabled", Napi::Function::New(env, SetGradEnabled));
  exports.Set("isGradEnabled", Napi::Function::New(env, IsGradEnabled));
}

}  // namespace tsnas
