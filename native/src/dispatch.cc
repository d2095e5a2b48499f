// Every aten operator is reachable through one generic entry: JS registers an operator by its schema name once
// (opRegister) and then calls it by id (opCall). Arguments are converted per the schema's declared types and the
// call goes through c10's boxed dispatcher, so autograd, CUDA and every other dispatch key apply exactly as they
// do for PyTorch. The op table that names the operators lives in TypeScript (src/tensor/ops.ts).
#include <ATen/core/dispatch/Dispatcher.h>

#include <sstream>

#include "store.h"

namespace tsnas {
namespace {

enum class Kind : uint8_t {
  Tensor, TensorList, OptTensorList, Int, IntList, Float, FloatList, Bool, BoolList, Scalar,
  ScalarType, Layout, Device, MemoryFormat, String, Generator, Unsupported
};

struct ArgSpec {
  std::string name;
  Kind kind;
  bool optional;
  c10::optional<c10::IValue> defaultValue;
  int32_t listSize;  // N of `int[N]`: a bare int is repeated N times, as Python does
};

enum class Ret : uint8_t { None, Tensor, Self, TensorTuple, Value };

struct OpEntry {
  c10::OperatorHandle handle;
  std::string name;
  std::vector<ArgSpec> args;
  Ret ret;
};

std::vector<OpEntry>& ops() {
  static std::vector<OpEntry> v;
  return v;
}

Kind kindOf(const c10::TypePtr& type) {
  using c10::TypeKind;
  switch (type->kind()) {
    case TypeKind::TensorType: return Kind::Tensor;
    case TypeKind::IntType:
    case TypeKind::SymIntType: return Kind::Int;
    case TypeKind::FloatType: return Kind::Float;
    case TypeKind::BoolType: return Kind::Bool;
    case TypeKind::NumberType: return Kind::Scalar;
    case TypeKind::ScalarTypeType: return Kind::ScalarType;
    case TypeKind::LayoutType: return Kind::Layout;
    case TypeKind::DeviceObjType: return Kind::Device;
    case TypeKind::MemoryFormatType: return Kind::MemoryFormat;
    case TypeKind::StringType: return Kind::String;
    case TypeKind::GeneratorType: return Kind::Generator;
    case TypeKind::ListType: {
      auto elem = type->castRaw<c10::ListType>()->getElementType();
      switch (elem->kind()) {
        case TypeKind::TensorType: return Kind::TensorList;
        case TypeKind::OptionalType: return Kind::OptTensorList;
        case TypeKind::IntType:
        case TypeKind::SymIntType: return Kind::IntList;
        case TypeKind::FloatType: return Kind::FloatList;
        case TypeKind::BoolType: return Kind::BoolList;
        default: return Kind::Unsupported;
      }
    }
    default: return Kind::Unsupported;
  }
}

const at::Tensor& tensorOf(const Napi::Value& v, const ArgSpec& a) {
  if (!v.IsNumber()) throw std::runtime_error("argument '" + a.name + "' must be a tensor");
  return store().get(v.As<Napi::Number>().Int32Value());
}

int64_t intOf(const Napi::Value& v, const ArgSpec& a) {
  if (v.IsBoolean()) return v.As<Napi::Boolean>().Value() ? 1 : 0;
  if (!v.IsNumber()) throw std::runtime_error("argument '" + a.name + "' must be an integer");
  return v.As<Napi::Number>().Int64Value();
}

double floatOf(const Napi::Value& v, const ArgSpec& a) {
  if (!v.IsNumber()) throw std::runtime_error("argument '" + a.name + "' must be a number");
  return v.As<Napi::Number>().DoubleValue();
}

Napi::Array arrayOf(const Napi::Value& v, const ArgSpec& a) {
  if (!v.IsArray()) throw std::runtime_error("argument '" + a.name + "' must be an array");
  return v.As<Napi::Array>();
}

c10::IValue toIValue(const Napi::Value& v, const ArgSpec& a) {
  if (v.IsUndefined() || v.IsNull()) {
    if (a.optional || a.kind == Kind::Generator) return c10::IValue();
    throw std::runtime_error("argument '" + a.name + "' is required");
  }
  switch (a.kind) {
    case Kind::Tensor: return tensorOf(v, a);
    case Kind::Int: return intOf(v, a);
    case Kind::Float: return floatOf(v, a);
    case Kind::Bool: return v.ToBoolean().Value();
    case Kind::Scalar:
      if (v.IsBoolean()) return c10::Scalar(v.As<Napi::Boolean>().Value());
      {
        // JS has one number type; integral values become integer Scalars so that int tensors stay int
        // (as a Python int literal would), everything else a double.
        double d = floatOf(v, a);
        if (std::nearbyint(d) == d && std::abs(d) < 9.0e15) return c10::Scalar(static_cast<int64_t>(d));
        return c10::Scalar(d);
      }
    case Kind::ScalarType: return static_cast<at::ScalarType>(intOf(v, a));
    case Kind::Layout: return static_cast<at::Layout>(intOf(v, a));
    case Kind::MemoryFormat: return static_cast<at::MemoryFormat>(intOf(v, a));
    case Kind::Device:
      if (!v.IsString()) throw std::runtime_error("argument '" + a.name + "' must be a device string");
      return c10::Device(v.As<Napi::String>().Utf8Value());
    case Kind::String:
      if (!v.IsString()) throw std::runtime_error("argument '" + a.name + "' must be a string");
      return v.As<Napi::String>().Utf8Value();
    case Kind::Generator: return c10::IValue();
    case Kind::TensorList: {
      auto arr = arrayOf(v, a);
      c10::List<at::Tensor> list;
      list.reserve(arr.Length());
      for (uint32_t i = 0; i < arr.Length(); i++) list.push_back(tensorOf(arr.Get(i), a));
      return list;
    }
    case Kind::OptTensorList: {
      auto arr = arrayOf(v, a);
      c10::List<c10::optional<at::Tensor>> list;
      for (uint32_t i = 0; i < arr.Length(); i++) {
        Napi::Value e = arr.Get(i);
        if (e.IsNull() || e.IsUndefined()) list.push_back(c10::nullopt);
        else list.push_back(tensorOf(e, a));
      }
      return list;
    }
    case Kind::IntList: {
      if (v.IsNumber()) return c10::List<int64_t>(std::vector<int64_t>(std::max(1, a.listSize), intOf(v, a)));
      auto arr = arrayOf(v, a);
      c10::List<int64_t> list;
      list.reserve(arr.Length());
      for (uint32_t i = 0; i < arr.Length(); i++) list.push_back(intOf(arr.Get(i), a));
      return list;
    }
    case Kind::FloatList: {
      auto arr = arrayOf(v, a);
      c10::List<double> list;
      for (uint32_t i = 0; i < arr.Length(); i++) list.push_back(floatOf(arr.Get(i), a));
      return list;
    }
    case Kind::BoolList: {
      auto arr = arrayOf(v, a);
      c10::List<bool> bits;
      for (uint32_t i = 0; i < arr.Length(); i++) bits.push_back(arr.Get(i).ToBoolean().Value());
      return bits;
    }
    case Kind::Unsupported: break;
  }
  throw std::runtime_error("argument '" + a.name + "' has a type tsnas cannot pass");
}

std::string describeArgs(const OpEntry& op, const std::vector<c10::IValue>& args) {
  std::ostringstream o;
  for (size_t i = 0; i < args.size() && i < op.args.size(); i++) {
    const auto& v = args[i];
    std::string d;
    if (v.isTensor()) d = describe(v.toTensor());
    else if (v.isTensorList()) {
      d = "[";
      auto l = v.toTensorList();
      for (size_t k = 0; k < l.size() && k < 6; k++) d += (k ? ", " : "") + describe(l.get(k));
      d += l.size() > 6 ? ", ...]" : "]";
    } else if (v.isNone()) continue;
    else {
      std::ostringstream s;
      s << v;
      d = s.str();
    }
    o << (o.tellp() > 0 ? ", " : "") << op.args[i].name << "=" << d;
  }
  return o.str();
}

Napi::Value fromIValue(Napi::Env env, c10::IValue v) {
  if (v.isTensor()) return wrapTensor(env, std::move(v).toTensor());
  if (v.isNone()) return env.Undefined();
  if (v.isInt()) return Napi::Number::New(env, static_cast<double>(v.toInt()));
  if (v.isDouble()) return Napi::Number::New(env, v.toDouble());
  if (v.isBool()) return Napi::Boolean::New(env, v.toBool());
  if (v.isScalar()) return Napi::Number::New(env, v.toScalar().toDouble());
  if (v.isTensorList()) {
    auto list = v.toTensorList();
    auto arr = Napi::Array::New(env, list.size());
    for (uint32_t i = 0; i < list.size(); i++) arr.Set(i, wrapTensor(env, list.get(i)));
    return arr;
  }
  if (v.isTuple()) {
    auto& elems = v.toTupleRef().elements();
    auto arr = Napi::Array::New(env, elems.size());
    for (uint32_t i = 0; i < elems.size(); i++) arr.Set(i, fromIValue(env, elems[i]));
    return arr;
  }
  if (v.isIntList()) {
    auto list = v.toIntVector();
    auto arr = Napi::Array::New(env, list.size());
    for (uint32_t i = 0; i < list.size(); i++) arr.Set(i, Napi::Number::New(env, static_cast<double>(list[i])));
    return arr;
  }
  throw std::runtime_error(std::string("cannot return a value of type ") + v.tagKind());
}

// opRegister("aten::conv2d", "") -> [id, retKind]; retKind: 0 none, 1 tensor, 2 self (in-place), 3 tuple, 4 value
Napi::Value OpRegister(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  std::string name = info[0].As<Napi::String>();
  std::string overload = info.Length() > 1 ? info[1].As<Napi::String>().Utf8Value() : "";
  return guarded(env, "opRegister(" + name + "." + overload + ")", [&]() -> Napi::Value {
    auto handle = c10::Dispatcher::singleton().findSchemaOrThrow(name.c_str(), overload.c_str());
    const auto& schema = handle.schema();
    OpEntry e{handle, name.substr(name.find("::") == std::string::npos ? 0 : name.find("::") + 2), {}, Ret::None};
    for (const auto& arg : schema.arguments()) {
      ArgSpec a;
      a.name = arg.name();
      auto type = arg.type();
      a.optional = type->kind() == c10::TypeKind::OptionalType;
      if (a.optional) type = type->castRaw<c10::OptionalType>()->getElementType();
      a.kind = kindOf(type);
      if (arg.default_value()) a.defaultValue = *arg.default_value();
      a.listSize = arg.N() ? *arg.N() : 1;
      e.args.push_back(std::move(a));
    }
    const auto& rets = schema.returns();
    if (rets.empty()) e.ret = Ret::None;
    else if (rets.size() == 1 && rets[0].alias_info() && rets[0].alias_info()->isWrite()) e.ret = Ret::Self;
    else if (rets.size() > 1) e.ret = Ret::TensorTuple;
    else if (rets[0].type()->kind() == c10::TypeKind::TensorType) e.ret = Ret::Tensor;
    else if (rets[0].type()->kind() == c10::TypeKind::ListType) e.ret = Ret::TensorTuple;
    else e.ret = Ret::Value;
    ops().push_back(std::move(e));
    auto out = Napi::Array::New(env, 2);
    out.Set(0u, Napi::Number::New(env, ops().size() - 1));
    out.Set(1u, Napi::Number::New(env, static_cast<int>(ops().back().ret)));
    return out;
  });
}

// opCall(id, ...args): positional arguments in schema order; missing trailing ones take the schema default.
Napi::Value OpCall(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  uint32_t id = info[0].As<Napi::Number>().Uint32Value();
  if (id >= ops().size()) throw Napi::Error::New(env, "opCall: unknown op id");
  const OpEntry& op = ops()[id];
  size_t given = info.Length() - 1;
  auto buildStack = [&](std::vector<c10::IValue>& stack) {
    stack.reserve(op.args.size());
    for (size_t i = 0; i < op.args.size(); i++) {
      const ArgSpec& a = op.args[i];
      Napi::Value v = i < given ? info[i + 1] : env.Undefined();
      if (v.IsUndefined() && a.defaultValue) stack.push_back(*a.defaultValue);
      else stack.push_back(toIValue(v, a));
    }
  };
  std::vector<c10::IValue> stack;
  try {
    if (given > op.args.size())
      throw std::runtime_error("takes " + std::to_string(op.args.size()) + " arguments, got " + std::to_string(given));
    buildStack(stack);
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, op.name + ": " + e.what());
  }
  // The arguments are rebuilt only on failure, so the hot path carries no copy for the error message.
  auto fail = [&](const std::string& what) {
    std::vector<c10::IValue> args;
    buildStack(args);
    return Napi::Error::New(env, op.name + ": " + what + "\n  (" + describeArgs(op, args) + ")");
  };
  try {
    op.handle.callBoxed(&stack);
  } catch (const c10::Error& e) {
    throw fail(e.what_without_backtrace());
  } catch (const std::exception& e) {
    throw fail(e.what());
  }
  switch (op.ret) {
    case Ret::None:
    case Ret::Self: return env.Undefined();
    case Ret::Tensor: return wrapTensor(env, std::move(stack[0]).toTensor());
    case Ret::TensorTuple: {
      auto arr = Napi::Array::New(env, stack.size());
      for (uint32_t i = 0; i < stack.size(); i++) arr.Set(i, fromIValue(env, std::move(stack[i])));
      if (stack.size() == 1 && !stack[0].isTensor()) return arr.Get(0u);
      return arr;
    }
    case Ret::Value: return fromIValue(env, std::move(stack[0]));
  }
  return env.Undefined();
}

Napi::Value OpSchema(const Napi::CallbackInfo& info) {
  uint32_t id = info[0].As<Napi::Number>().Uint32Value();
  if (id >= ops().size()) throw Napi::Error::New(info.Env(), "opSchema: unknown op id");
  std::ostringstream o;
  o << ops()[id].handle.schema();
  return Napi::String::New(info.Env(), o.str());
}

}  // namespace

void registerDispatch(Napi::Env env, Napi::Object exports) {
  exports.Set("opRegister", Napi::Function::New(env, OpRegister));
  exports.Set("opCall", Napi::Function::New(env, OpCall));
  exports.Set("opSchema", Napi::Function::New(env, OpSchema));
}

}  // namespace tsnas
