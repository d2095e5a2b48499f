// Custom autograd functions: the same math as an aten op, with a backward that hands its inputs gradients in a
// layout the next backward kernels run fast on.
#include <torch/csrc/autograd/custom_function.h>

#include "store.h"

namespace tsnas {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// torch.cat whose backward gives each input a dense gradient in that input's own memory format. aten's
// CatBackward hands out narrow() views of the output gradient; for a channels_last cat along the channels they
// are strided, and CPU batch-norm and elementwise backward kernels take slow paths on them (3-17x slower per call,
// measured: bench/engine). One copy per slice is cheaper than every slow kernel that would read the view.
struct CatDenseGrad : public torch::autograd::Function<CatDenseGrad> {
  static at::Tensor forward(AutogradContext* ctx, at::TensorList xs, int64_t dim) {
    std::vector<int64_t> sizes;
    std::vector<int64_t> formats;
    for (const auto& x : xs) {
      sizes.push_back(x.size(dim));
      formats.push_back(static_cast<int64_t>(x.suggest_memory_format()));
    }
    ctx->saved_data["dim"] = dim;
    ctx->saved_data["sizes"] = sizes;
    ctx->saved_data["formats"] = formats;
    return at::cat(xs, dim);
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    int64_t dim = ctx->saved_data["dim"].toInt();
    auto sizes = ctx->saved_data["sizes"].toIntVector();
    auto formats = ctx->saved_data["formats"].toIntVector();
    variable_list out;
    int64_t start = 0;
    for (size_t i = 0; i < sizes.size(); i++) {
      auto slice = grads[0].narrow(dim, start, sizes[i]);
      out.push_back(slice.contiguous(static_cast<at::MemoryFormat>(formats[i])));
      start += sizes[i];
    }
    out.emplace_back();  // dim
    return out;
  }
};

// catDenseGrad(handles, dim) -> handle
Napi::Value CatDenseGradOp(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "catDenseGrad", [&]() -> Napi::Value {
    auto arr = info[0].As<Napi::Array>();
    variable_list xs;
    bool anyGrad = false;
    for (uint32_t i = 0; i < arr.Length(); i++) {
      xs.push_back(store().get(handleArg(arr.Get(i), "catDenseGrad")));
      anyGrad = anyGrad || xs.back().requires_grad();
    }
    int64_t dim = info[1].As<Napi::Number>().Int64Value();
    if (xs.empty()) throw std::runtime_error("expected a non-empty list of tensors");
    dim = c10::maybe_wrap_dim(dim, xs[0].dim());
    if (!anyGrad || !at::GradMode::is_enabled()) return wrapTensor(env, at::cat(xs, dim));
    // As a TensorList, so autograd sees each element as an input (a std::vector would count as one non-tensor).
    return wrapTensor(env, CatDenseGrad::apply(at::TensorList(xs), dim));
  });
}

}  // namespace

void registerFunctions(Napi::Env env, Napi::Object exports) {
  exports.Set("catDenseGrad", Napi::Function::New(env, CatDenseGradOp, "catDenseGrad"));
}

}  // namespace tsnas
