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

// max_pool2d that keeps no indices for its backward: aten's saves int64 indices (twice the output's bytes) beside
// the input; this one keeps the input alone (held anyway by the cell that produced it) and finds the maxima again
// in the backward (one more pooling pass, about 1% of a search step). Ties go where aten's forward sends them,
// since the indices come from the same kernel on the same input.
struct MaxPool2dLean : public torch::autograd::Function<MaxPool2dLean> {
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x, std::vector<int64_t> kernel, std::vector<int64_t> stride,
                            std::vector<int64_t> padding, std::vector<int64_t> dilation, bool ceil) {
    ctx->save_for_backward({x});
    ctx->saved_data["kernel"] = kernel;
    ctx->saved_data["stride"] = stride;
    ctx->saved_data["padding"] = padding;
    ctx->saved_data["dilation"] = dilation;
    ctx->saved_data["ceil"] = ceil;
    return std::get<0>(at::max_pool2d_with_indices(x, kernel, stride, padding, dilation, ceil));
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    auto x = ctx->get_saved_variables()[0];
    if (!ctx->needs_input_grad(0)) return variable_list(6);
    auto kernel = ctx->saved_data["kernel"].toIntVector();
    auto stride = ctx->saved_data["stride"].toIntVector();
    auto padding = ctx->saved_data["padding"].toIntVector();
    auto dilation = ctx->saved_data["dilation"].toIntVector();
    bool ceil = ctx->saved_data["ceil"].toBool();
    at::Tensor indices;
    {
      at::NoGradGuard noGrad;
      indices = std::get<1>(at::max_pool2d_with_indices(x, kernel, stride, padding, dilation, ceil));
    }
    variable_list out(6);
    out[0] = at::max_pool2d_with_indices_backward(grads[0], x, kernel, stride, padding, dilation, ceil, indices);
    return out;
  }
};

// conv1x1(conv(x, w1)) whose autograd node keeps x, w1 and w2 but not the inner activation: the backward runs the
// first convolution again. For the depthwise → pointwise pairs of sep_conv and dil_conv that drops one activation
// per pair (x is the ReLU output the depthwise backward keeps anyway) for one more depthwise forward; the values
// are those of the two convolutions in sequence, bit for bit (the same kernel computes the inner map twice).
struct ConvPairRecompute : public torch::autograd::Function<ConvPairRecompute> {
  static at::Tensor inner(const at::Tensor& x, const at::Tensor& w1, AutogradContext* ctx) {
    return at::convolution(x, w1, c10::nullopt, ctx->saved_data["stride"].toIntVector(), ctx->saved_data["padding"].toIntVector(),
                           ctx->saved_data["dilation"].toIntVector(), false, {0, 0}, ctx->saved_data["groups"].toInt());
  }

  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x, const at::Tensor& w1, std::vector<int64_t> stride,
                            std::vector<int64_t> padding, std::vector<int64_t> dilation, int64_t groups, const at::Tensor& w2) {
    ctx->save_for_backward({x, w1, w2});
    ctx->saved_data["stride"] = stride;
    ctx->saved_data["padding"] = padding;
    ctx->saved_data["dilation"] = dilation;
    ctx->saved_data["groups"] = groups;
    auto t = inner(x, w1, ctx);
    return at::convolution(t, w2, c10::nullopt, {1, 1}, {0, 0}, {1, 1}, false, {0, 0}, 1);
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    auto saved = ctx->get_saved_variables();
    const auto &x = saved[0], &w1 = saved[1], &w2 = saved[2];
    // Only what this backward asks for: a backward towards α alone (targeted) needs no weight gradients here.
    bool needX = ctx->needs_input_grad(0), needW1 = ctx->needs_input_grad(1), needW2 = ctx->needs_input_grad(2);  // edges count tensor inputs only: x, w1, w2
    variable_list out(7);
    if (!needX && !needW1 && !needW2) return out;
    bool needT = needX || needW1;
    at::Tensor gt;
    if (needW2) {
      // Grad mode is on here only under create_graph; then the recomputed map is part of the recorded graph.
      auto t = inner(x, w1, ctx);
      auto g2 = at::convolution_backward(grads[0], t, w2, c10::nullopt, {1, 1}, {0, 0}, {1, 1}, false, {0, 0}, 1, {needT, true, false});
      gt = std::get<0>(g2);
      out[6] = std::get<1>(g2);
    } else if (needT) {
      // The inner map is only needed for w2's gradient: a backward towards the input alone (the architecture step's)
      // gets the 1x1 convolution's input gradient as the 1x1 convolution of the gradient with w2 transposed.
      gt = at::convolution(grads[0], w2.transpose(0, 1), c10::nullopt, {1, 1}, {0, 0}, {1, 1}, false, {0, 0}, 1);
    }
    if (needT) {
      auto g1 = at::convolution_backward(gt, x, w1, c10::nullopt, ctx->saved_data["stride"].toIntVector(),
                                         ctx->saved_data["padding"].toIntVector(), ctx->saved_data["dilation"].toIntVector(), false,
                                         {0, 0}, ctx->saved_data["groups"].toInt(), {needX, needW1, false});
      out[0] = std::get<0>(g1);
      out[1] = std::get<1>(g1);
    }
    return out;
  }
};

// A number n (meaning [n, n]) or an array of one or two integers, as torch's int[2] arguments.
std::vector<int64_t> pairArg(const Napi::Value& v) {
  if (v.IsNumber()) {
    int64_t n = v.As<Napi::Number>().Int64Value();
    return {n, n};
  }
  auto out = intsArg(v, "kernel / stride / padding / dilation");
  if (out.size() == 1) out.push_back(out[0]);
  return out;
}

// maxPool2dLean(x, kernel, stride, padding, dilation, ceilMode) -> handle
Napi::Value MaxPool2dLeanOp(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  const at::Tensor& x = store().get(handleArg(info[0], "maxPool2dLean"));
  return guarded(env, "maxPool2dLean(" + describe(x) + ")", [&]() -> Napi::Value {
    auto kernel = pairArg(info[1]);
    auto stride = pairArg(info[2]);
    auto padding = pairArg(info[3]);
    auto dilation = pairArg(info[4]);
    bool ceil = info[5].ToBoolean().Value();
    if (!x.requires_grad() || !at::GradMode::is_enabled())
      return wrapTensor(env, at::max_pool2d(x, kernel, stride, padding, dilation, ceil));
    return wrapTensor(env, MaxPool2dLean::apply(x, kernel, stride, padding, dilation, ceil));
  });
}

// convPairRecompute(x, w1, stride, padding, dilation, groups, w2) -> handle
Napi::Value ConvPairRecomputeOp(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  const at::Tensor& x = store().get(handleArg(info[0], "convPairRecompute"));
  const at::Tensor& w1 = store().get(handleArg(info[1], "convPairRecompute"));
  const at::Tensor& w2 = store().get(handleArg(info[6], "convPairRecompute"));
  return guarded(env, "convPairRecompute(" + describe(x) + ", " + describe(w1) + ", " + describe(w2) + ")", [&]() -> Napi::Value {
    if (w2.dim() != 4 || w2.size(2) != 1 || w2.size(3) != 1) throw std::runtime_error("the second weight must be 1x1");
    auto stride = pairArg(info[2]);
    auto padding = pairArg(info[3]);
    auto dilation = pairArg(info[4]);
    int64_t groups = info[5].As<Napi::Number>().Int64Value();
    return wrapTensor(env, ConvPairRecompute::apply(x, w1, stride, padding, dilation, groups, w2));
  });
}

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
  exports.Set("convPairRecompute", Napi::Function::New(env, ConvPairRecomputeOp, "convPairRecompute"));
  exports.Set("maxPool2dLean", Napi::Function::New(env, MaxPool2dLeanOp, "maxPool2dLean"));
}

}  // namespace tsnas
