// torch.distributed's engine, c10d, bound for the library's `distributed` layer: rendezvous stores (TCPStore,
// FileStore), process groups (Gloo; NCCL when the libtorch and the build have it), the collectives with timeouts,
// the gradient reducer that all-reduces gradient buckets from grad-accumulator hooks while the backward runs (as
// DDP's Reducer does), and an all-reduce autograd function for SyncBatchNorm.
//
// Collectives block the calling thread until done: training steps are synchronous anyway, and a rank that died
// surfaces as an exception (connection closed, or the group's timeout) rather than a hang.
#include "store.h"

#ifdef TSNAS_WITH_C10D

#include <torch/csrc/autograd/custom_function.h>
#include <torch/csrc/autograd/engine.h>
#include <torch/csrc/autograd/utils/lambda_post_hook.h>
#include <torch/csrc/distributed/c10d/FileStore.hpp>
#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/ProcessGroup.hpp>
#include <torch/csrc/distributed/c10d/Types.hpp>
#include <torch/csrc/distributed/c10d/Work.hpp>
#ifdef USE_C10D_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#ifdef TSNAS_WITH_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <tuple>
#include <mutex>
#include <sstream>

namespace tsnas {
namespace {

using Millis = std::chrono::milliseconds;

// Objects live until released from JS. The maps are never destroyed: at process exit a group whose peer died
// must not be joined by a static destructor.
template <typename T>
class Registry {
 public:
  int32_t add(T v) {
    std::lock_guard<std::mutex> lock(mu_);
    map_.emplace(next_, std::move(v));
    return next_++;
  }
  T get(int32_t id, const char* what) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = map_.find(id);
    if (it == map_.end()) throw std::runtime_error(std::string(what) + " " + std::to_string(id) + " does not exist (destroyed?)");
    return it->second;
  }
  void remove(int32_t id) {
    std::lock_guard<std::mutex> lock(mu_);
    map_.erase(id);
  }

 private:
  std::mutex mu_;
  std::unordered_map<int32_t, T> map_;
  int32_t next_ = 1;
};

Registry<c10::intrusive_ptr<c10d::Store>>& stores() {
  static auto* r = new Registry<c10::intrusive_ptr<c10d::Store>>();
  return *r;
}

struct Group {
  c10::intrusive_ptr<c10d::ProcessGroup> pg;
  std::string backend;
  int rank;
  int size;
  Millis timeout;
};

Registry<std::shared_ptr<Group>>& groups() {
  static auto* r = new Registry<std::shared_ptr<Group>>();
  return *r;
}

std::string stringArg(const Napi::Value& v, const char* what) {
  if (!v.IsString()) throw std::runtime_error(std::string(what) + " must be a string");
  return v.As<Napi::String>().Utf8Value();
}

int64_t intArg(const Napi::Value& v, const char* what) {
  if (!v.IsNumber()) throw std::runtime_error(std::string(what) + " must be a number");
  return v.As<Napi::Number>().Int64Value();
}

std::vector<at::Tensor> tensorList(const Napi::Value& v, const char* what) {
  if (!v.IsArray()) throw std::runtime_error(std::string(what) + ": expected an array of tensors");
  auto arr = v.As<Napi::Array>();
  std::vector<at::Tensor> out;
  for (uint32_t i = 0; i < arr.Length(); i++) out.push_back(store().get(handleArg(arr.Get(i), what)));
  return out;
}

std::string describeAll(const std::vector<at::Tensor>& ts) {
  std::ostringstream s;
  for (size_t i = 0; i < ts.size() && i < 4; i++) s << (i ? ", " : "") << describe(ts[i]);
  if (ts.size() > 4) s << ", ... (" << ts.size() << " tensors)";
  return s.str();
}

c10d::ReduceOp reduceOp(const std::string& op) {
  if (op == "sum") return c10d::ReduceOp::SUM;
  if (op == "product") return c10d::ReduceOp::PRODUCT;
  if (op == "min") return c10d::ReduceOp::MIN;
  if (op == "max") return c10d::ReduceOp::MAX;
  if (op == "avg") return c10d::ReduceOp::AVG;
  throw std::runtime_error("unknown reduce op '" + op + "' (sum, product, min, max, avg)");
}

// Waits for a collective; a timeout or a lost peer becomes an error naming the collective and the group.
void finish(const c10::intrusive_ptr<c10d::Work>& work, const Group& g, const std::string& what) {
  try {
    work->wait(g.timeout);
  } catch (const std::exception& e) {
    std::string msg = e.what();
    if (auto* ce = dynamic_cast<const c10::Error*>(&e)) msg = ce->what_without_backtrace();
    throw std::runtime_error(what + " on rank " + std::to_string(g.rank) + " of " + std::to_string(g.size) + " (" + g.backend +
                             ") failed: " + msg +
                             " -- another rank stopped, failed, or did not reach this collective within the group's timeout (" +
                             std::to_string(g.timeout.count() / 1000.0).substr(0, std::to_string(g.timeout.count() / 1000.0).find('.') + 2) + " s)");
  }
}

// Collectives want dense contiguous tensors of one dtype and device: several tensors travel as one flat buffer per
// (dtype, device), which is also how DDP coalesces small ones.
template <typename Fn>
void coalesced(std::vector<at::Tensor>& ts, Fn&& run) {
  if (ts.size() == 1 && ts[0].is_contiguous()) {
    std::vector<at::Tensor> one{ts[0]};
    run(one);
    return;
  }
  std::map<std::pair<int, std::string>, std::vector<size_t>> byKind;
  for (size_t i = 0; i < ts.size(); i++) byKind[{static_cast<int>(ts[i].scalar_type()), ts[i].device().str()}].push_back(i);
  for (auto& [kind, idx] : byKind) {
    std::vector<at::Tensor> flat;
    for (auto i : idx) flat.push_back(ts[i].reshape(-1));
    std::vector<at::Tensor> buf{at::cat(flat)};
    run(buf);
    int64_t off = 0;
    for (auto i : idx) {
      int64_t n = ts[i].numel();
      ts[i].copy_(buf[0].narrow(0, off, n).view(ts[i].sizes()));
      off += n;
    }
  }
}

// --- stores ---------------------------------------------------------------------------------------------------

// tcpStore(host, port, worldSize, isServer, timeoutMs) -> id
Napi::Value TcpStore(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "distributed.TCPStore", [&]() -> Napi::Value {
    std::string host = stringArg(info[0], "host");
    int64_t port = intArg(info[1], "port");
    if (port < 0 || port > 65535) throw std::runtime_error("port must be in 0..65535, got " + std::to_string(port));
    c10d::TCPStoreOptions o;
    o.port = static_cast<uint16_t>(port);
    o.numWorkers = static_cast<size_t>(intArg(info[2], "worldSize"));
    o.isServer = info[3].ToBoolean().Value();
    o.waitWorkers = false;
    o.timeout = Millis(intArg(info[4], "timeout"));
    try {
      auto s = c10::make_intrusive<c10d::TCPStore>(host, o);
      return Napi::Number::New(env, stores().add(s));
    } catch (const std::exception& e) {
      std::string msg = e.what();
      if (auto* ce = dynamic_cast<const c10::Error*>(&e)) msg = ce->what_without_backtrace();
      throw std::runtime_error((o.isServer ? "cannot serve the rendezvous on " : "cannot reach the rendezvous at ") + host + ":" +
                               std::to_string(port) + ": " + msg);
    }
  });
}

// fileStore(path, worldSize) -> id
Napi::Value FileStoreNew(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "distributed.FileStore", [&]() -> Napi::Value {
    auto s = c10::make_intrusive<c10d::FileStore>(stringArg(info[0], "path"), static_cast<int>(intArg(info[1], "worldSize")));
    return Napi::Number::New(env, stores().add(s));
  });
}

// storeSet(id, key, value: Buffer)
Napi::Value StoreSet(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "distributed.Store.set", [&]() -> Napi::Value {
    auto s = stores().get(static_cast<int32_t>(intArg(info[0], "store")), "store");
    auto buf = info[2].As<Napi::Buffer<uint8_t>>();
    s->set(stringArg(info[1], "key"), std::vector<uint8_t>(buf.Data(), buf.Data() + buf.Length()));
    return env.Undefined();
  });
}

// storeGet(id, key) -> Buffer (waits for the key up to the store's timeout)
Napi::Value StoreGet(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "distributed.Store.get", [&]() -> Napi::Value {
    auto s = stores().get(static_cast<int32_t>(intArg(info[0], "store")), "store");
    auto v = s->get(stringArg(info[1], "key"));
    return Napi::Buffer<uint8_t>::Copy(env, v.data(), v.size());
  });
}

// storeAdd(id, key, delta) -> new value
Napi::Value StoreAdd(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "distributed.Store.add", [&]() -> Napi::Value {
    auto s = stores().get(static_cast<int32_t>(intArg(info[0], "store")), "store");
    return Napi::Number::New(env, static_cast<double>(s->add(stringArg(info[1], "key"), intArg(info[2], "delta"))));
  });
}

// storeWait(id, keys, timeoutMs)
Napi::Value StoreWait(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "distributed.Store.wait", [&]() -> Napi::Value {
    auto s = stores().get(static_cast<int32_t>(intArg(info[0], "store")), "store");
    auto arr = info[1].As<Napi::Array>();
    std::vector<std::string> keys;
    for (uint32_t i = 0; i < arr.Length(); i++) keys.push_back(stringArg(arr.Get(i), "key"));
    s->wait(keys, Millis(intArg(info[2], "timeout")));
    return env.Undefined();
  });
}

Napi::Value StoreRelease(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "distributed.Store.release", [&]() -> Napi::Value {
    stores().remove(static_cast<int32_t>(intArg(info[0], "store")));
    return env.Undefined();
  });
}

// --- process groups -------------------------------------------------------------------------------------------

#ifdef USE_C10D_GLOO
std::shared_ptr<::gloo::transport::Device> glooDevice(const std::string& hostname) {
  // GLOO_SOCKET_IFNAME names the interface as PyTorch reads it; else an explicit address (loopback for one
  // machine), else the address this host's name resolves to.
  if (const char* ifname = std::getenv("GLOO_SOCKET_IFNAME"); ifname && *ifname) {
    std::string s(ifname);
    return c10d::ProcessGroupGloo::createDeviceForInterface(s.substr(0, s.find(',')));
  }
  if (!hostname.empty()) return c10d::ProcessGroupGloo::createDeviceForHostname(hostname);
  return c10d::ProcessGroupGloo::createDefaultDevice();
}
#endif

// newGroup(storeId, rank, size, backend, timeoutMs, hostname, prefix) -> id
Napi::Value NewGroup(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "distributed.newGroup", [&]() -> Napi::Value {
    auto base = stores().get(static_cast<int32_t>(intArg(info[0], "store")), "store");
    int rank = static_cast<int>(intArg(info[1], "rank"));
    int size = static_cast<int>(intArg(info[2], "size"));
    std::string backend = stringArg(info[3], "backend");
    Millis timeout(intArg(info[4], "timeout"));
    std::string hostname = info[5].IsString() ? info[5].As<Napi::String>().Utf8Value() : "";
    auto store = c10::make_intrusive<c10d::PrefixStore>(stringArg(info[6], "prefix"), base);
    auto g = std::make_shared<Group>();
    g->backend = backend;
    g->rank = rank;
    g->size = size;
    g->timeout = timeout;
    if (backend == "gloo") {
#ifdef USE_C10D_GLOO
      auto opts = c10d::ProcessGroupGloo::Options::create(timeout);
      opts->devices.push_back(glooDevice(hostname));
      g->pg = c10::make_intrusive<c10d::ProcessGroupGloo>(store, rank, size, opts);
#else
      throw std::runtime_error("this addon was built without Gloo (its headers were missing): use the nccl backend, or install Gloo's headers and rebuild");
#endif
    } else if (backend == "nccl") {
#ifdef TSNAS_WITH_NCCL
      auto opts = c10d::ProcessGroupNCCL::Options::create();
      opts->timeout = timeout;
      g->pg = c10::make_intrusive<c10d::ProcessGroupNCCL>(store, rank, size, opts);
#else
      throw std::runtime_error(
          "this addon was built without NCCL: rebuild it against a CUDA libtorch with NCCL headers "
          "(LIBTORCH_USE_PYTORCH=1 npm run build:native; see the README), or use the gloo backend");
#endif
    } else {
      throw std::runtime_error("unknown backend '" + backend + "' (gloo, nccl)");
    }
    return Napi::Number::New(env, groups().add(g));
  });
}

Napi::Value DestroyGroup(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "distributed.destroyProcessGroup", [&]() -> Napi::Value {
    groups().remove(static_cast<int32_t>(intArg(info[0], "group")));
    return env.Undefined();
  });
}

std::shared_ptr<Group> groupArg(const Napi::Value& v) { return groups().get(static_cast<int32_t>(intArg(v, "group")), "process group"); }

// allReduce(group, tensors, op): in place, several tensors coalesced
Napi::Value AllReduce(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "distributed.allReduce", [&]() -> Napi::Value {
    auto g = groupArg(info[0]);
    auto ts = tensorList(info[1], "allReduce");
    std::string opName = stringArg(info[2], "op");
    c10d::AllreduceOptions o;
    // Gloo has no AVG and NCCL's needs 2.10: sum, then divide (what DDP does for its buckets).
    bool mean = opName == "avg";
    o.reduceOp = mean ? c10d::ReduceOp(c10d::ReduceOp::SUM) : reduceOp(opName);
    o.timeout = g->timeout;
    coalesced(ts, [&](std::vector<at::Tensor>& buf) {
      finish(g->pg->allreduce(buf, o), *g, "allReduce(" + opName + ") of " + describeAll(buf));
      if (mean) buf[0].div_(g->size);
    });
    return env.Undefined();
  });
}

// broadcast(group, tensors, src): in place
Napi::Value Broadcast(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "distributed.broadcast", [&]() -> Napi::Value {
    auto g = groupArg(info[0]);
    auto ts = tensorList(info[1], "broadcast");
    c10d::BroadcastOptions o;
    o.rootRank = intArg(info[2], "src");
    o.timeout = g->timeout;
    coalesced(ts, [&](std::vector<at::Tensor>& buf) {
      finish(g->pg->broadcast(buf, o), *g, "broadcast from rank " + std::to_string(o.rootRank) + " of " + describeAll(buf));
    });
    return env.Undefined();
  });
}

// allGather(group, tensor) -> one tensor per rank
Napi::Value AllGather(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "distributed.allGather", [&]() -> Napi::Value {
    auto g = groupArg(info[0]);
    at::Tensor t = store().get(handleArg(info[1], "allGather")).contiguous();
    std::vector<std::vector<at::Tensor>> out(1);
    for (int i = 0; i < g->size; i++) out[0].push_back(at::empty_like(t));
    std::vector<at::Tensor> in{t};
    c10d::AllgatherOptions o;
    o.timeout = g->timeout;
    finish(g->pg->allgather(out, in, o), *g, "allGather of " + describe(t));
    auto arr = Napi::Array::New(env, out[0].size());
    for (uint32_t i = 0; i < out[0].size(); i++) arr.Set(i, wrapTensor(env, out[0][i]));
    return arr;
  });
}

Napi::Value Barrier(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "distributed.barrier", [&]() -> Napi::Value {
    auto g = groupArg(info[0]);
    c10d::BarrierOptions o;
    o.timeout = g->timeout;
    finish(g->pg->barrier(o), *g, "barrier");
    return env.Undefined();
  });
}

// --- all-reduce as an autograd function (SyncBatchNorm's statistics) --------------------------------------------

// Sum over ranks; its gradient is the sum over ranks of the output gradients (each rank's input contributed to every
// rank's output), as torch.distributed.nn.functional.all_reduce.
struct AllReduceSum : public torch::autograd::Function<AllReduceSum> {
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& x, int64_t groupId) {
    ctx->saved_data["group"] = groupId;
    auto g = groups().get(static_cast<int32_t>(groupId), "process group");
    std::vector<at::Tensor> buf{x.detach().contiguous().clone()};
    c10d::AllreduceOptions o;
    o.timeout = g->timeout;
    finish(g->pg->allreduce(buf, o), *g, "allReduce (autograd forward) of " + describe(x));
    return buf[0];
  }
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads) {
    auto g = groups().get(static_cast<int32_t>(ctx->saved_data["group"].toInt()), "process group");
    std::vector<at::Tensor> buf{grads[0].contiguous().clone()};
    c10d::AllreduceOptions o;
    o.timeout = g->timeout;
    finish(g->pg->allreduce(buf, o), *g, "allReduce (autograd backward) of " + describe(grads[0]));
    return {buf[0], at::Tensor()};
  }
};

Napi::Value AllReduceAutograd(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "distributed.nn.allReduce", [&]() -> Napi::Value {
    int64_t gid = intArg(info[0], "group");
    groupArg(info[0]);
    return wrapTensor(env, AllReduceSum::apply(store().get(handleArg(info[1], "allReduce")), gid));
  });
}

// --- the gradient reducer ---------------------------------------------------------------------------------------

// Averages the gradients of a set of leaf tensors over the group while the backward runs: a post-hook on each
// tensor's grad accumulator marks it ready; a bucket whose tensors are all ready is flattened and its all-reduce
// started at once (in bucket order, so every rank issues the same collectives in the same order); the autograd
// engine's final callback starts what is left, waits, and writes the averages back into .grad. So `backward()`
// returns with synchronised gradients, for every backward that reaches any of the tensors.
//
// Every rank must run the same graph (the same tensors get gradients): a tensor without a gradient in a bucket that
// is reduced contributes zeros and keeps no gradient.
class GradReducer {
 public:
  // `segmentStarts`: indices where a group of tensors starts that never shares a bucket with the tensors before it
  // (a search's α, which one backward reduces without the weights and another leaves out).
  GradReducer(std::shared_ptr<Group> group, std::vector<at::Tensor> tensors, std::vector<int32_t> handles, int64_t bucketBytes,
              int64_t firstBucketBytes, std::vector<size_t> segmentStarts)
      : group_(std::move(group)), tensors_(std::move(tensors)), handles_(std::move(handles)) {
    for (const auto& t : tensors_)
      if (!t.requires_grad() || !t.is_leaf()) throw std::runtime_error("reducer: every tensor must be a leaf that requires grad, got " + describe(t));
    // Gradients become ready roughly in reverse order of registration (the output side first), so buckets are filled
    // from the last tensor back; the first one is small so that communication starts early in the backward.
    bucketOf_.assign(tensors_.size(), 0);
    std::sort(segmentStarts.begin(), segmentStarts.end());
    std::map<std::tuple<int, std::string, size_t>, size_t> open;  // (dtype, device, segment) -> the bucket being filled
    std::vector<int64_t> filled;
    for (size_t k = tensors_.size(); k-- > 0;) {
      const auto& t = tensors_[k];
      size_t segment = std::upper_bound(segmentStarts.begin(), segmentStarts.end(), k) - segmentStarts.begin();
      std::tuple<int, std::string, size_t> kind{static_cast<int>(t.scalar_type()), t.device().str(), segment};
      int64_t bytes = t.numel() * static_cast<int64_t>(t.element_size());
      auto it = open.find(kind);
      bool fits = it != open.end() && filled[it->second] + bytes <= (it->second == 0 ? firstBucketBytes : bucketBytes);
      if (!fits) {
        open[kind] = buckets_.size();
        buckets_.emplace_back();
        filled.push_back(0);
      }
      size_t b = open[kind];
      buckets_[b].members.push_back(k);
      filled[b] += bytes;
      bucketOf_[k] = b;
      totalBytes_ += bytes;
    }
    ready_.assign(tensors_.size(), false);
    for (auto& b : buckets_) b.pending = b.members.size();
    for (size_t k = 0; k < tensors_.size(); k++) {
      auto acc = torch::autograd::impl::grad_accumulator(tensors_[k]);
      auto key = acc->add_post_hook(std::make_unique<torch::autograd::utils::LambdaPostHook>(
          [this, k](const torch::autograd::variable_list& outputs, const torch::autograd::variable_list&) {
            markReady(k);
            return outputs;
          }));
      hooks_.emplace_back(acc, key);
    }
  }

  ~GradReducer() {
    for (auto& [acc, key] : hooks_) acc->del_post_hook(key);
  }

  void setEnabled(bool on) { enabled_ = on; }
  size_t bucketCount() const { return buckets_.size(); }
  int64_t totalBytes() const { return totalBytes_; }

  Napi::Object stats(Napi::Env env) const {
    auto o = Napi::Object::New(env);
    o.Set("buckets", static_cast<double>(buckets_.size()));
    o.Set("bytes", static_cast<double>(totalBytes_));
    o.Set("backwards", static_cast<double>(backwards_));
    o.Set("bucketsDuringBackward", static_cast<double>(launchedEarly_));
    o.Set("bucketsAtEnd", static_cast<double>(launchedAtEnd_));
    o.Set("waitMs", waitMicros_ / 1000.0);
    return o;
  }

  // Tensors replaced behind their handles (Module.to after the reducer was made) would never be reduced.
  void checkTensors() const {
    for (size_t k = 0; k < tensors_.size(); k++) {
      if (!store().valid(handles_[k]) || !store().get(handles_[k]).is_same(tensors_[k]))
        throw std::runtime_error("reducer: tensor " + std::to_string(k) +
                                 " was replaced or freed after the reducer was made (move a module to its device and memory "
                                 "format before wrapping it)");
    }
  }

 private:
  struct Bucket {
    std::vector<size_t> members;
    size_t pending = 0;
    bool launched = false;
    at::Tensor flat;
    c10::intrusive_ptr<c10d::Work> work;
  };

  void markReady(size_t k) {
    if (!enabled_) return;
    if (!finalizeQueued_) {
      finalizeQueued_ = true;
      backwards_++;
      torch::autograd::Engine::get_default_engine().queue_callback([this] { finalize(); });
    }
    if (ready_[k]) return;
    ready_[k] = true;
    auto& b = buckets_[bucketOf_[k]];
    b.pending--;
    while (next_ < buckets_.size() && buckets_[next_].pending == 0) {
      launch(buckets_[next_]);
      launchedEarly_++;
      next_++;
    }
  }

  void launch(Bucket& b) {
    std::vector<at::Tensor> parts;
    for (auto k : b.members) {
      const auto& g = tensors_[k].grad();
      parts.push_back(ready_[k] && g.defined() ? g.reshape(-1) : at::zeros({tensors_[k].numel()}, tensors_[k].options()));
    }
    b.flat = at::cat(parts);
    std::vector<at::Tensor> buf{b.flat};
    c10d::AllreduceOptions o;
    o.timeout = group_->timeout;
    b.work = group_->pg->allreduce(buf, o);
    b.launched = true;
  }

  void finalize() {
    auto started = std::chrono::steady_clock::now();
    try {
      for (size_t i = next_; i < buckets_.size(); i++) {
        auto& b = buckets_[i];
        if (b.pending < b.members.size()) {
          launch(b);
          launchedAtEnd_++;
        }
      }
      for (size_t i = 0; i < buckets_.size(); i++) {
        auto& b = buckets_[i];
        if (!b.launched) continue;
        finish(b.work, *group_, "all-reduce of gradient bucket " + std::to_string(i) + " (" + std::to_string(b.members.size()) + " tensors, " +
                                    std::to_string(b.flat.numel()) + " values)");
        b.flat.div_(group_->size);
        int64_t off = 0;
        for (auto k : b.members) {
          int64_t n = tensors_[k].numel();
          auto& g = tensors_[k].mutable_grad();
          if (ready_[k] && g.defined()) g.copy_(b.flat.narrow(0, off, n).view(g.sizes()));
          off += n;
        }
      }
    } catch (...) {
      reset();
      throw;
    }
    reset();
    waitMicros_ += std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started).count();
  }

  void reset() {
    for (auto& b : buckets_) {
      b.pending = b.members.size();
      b.launched = false;
      b.flat = at::Tensor();
      b.work.reset();
    }
    std::fill(ready_.begin(), ready_.end(), false);
    next_ = 0;
    finalizeQueued_ = false;
  }

  std::shared_ptr<Group> group_;
  std::vector<at::Tensor> tensors_;
  std::vector<int32_t> handles_;
  std::vector<std::pair<std::shared_ptr<torch::autograd::Node>, uintptr_t>> hooks_;
  std::vector<Bucket> buckets_;
  std::vector<size_t> bucketOf_;
  std::vector<bool> ready_;
  size_t next_ = 0;
  bool finalizeQueued_ = false;
  bool enabled_ = true;
  int64_t totalBytes_ = 0;
  int64_t backwards_ = 0;
  int64_t launchedEarly_ = 0;
  int64_t launchedAtEnd_ = 0;
  int64_t waitMicros_ = 0;
};

Registry<std::shared_ptr<GradReducer>>& reducers() {
  static auto* r = new Registry<std::shared_ptr<GradReducer>>();
  return *r;
}

// reducerNew(group, handles, bucketBytes, firstBucketBytes, segmentStarts) -> id
Napi::Value ReducerNew(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "distributed.GradReducer", [&]() -> Napi::Value {
    auto g = groupArg(info[0]);
    auto arr = info[1].As<Napi::Array>();
    std::vector<at::Tensor> ts;
    std::vector<int32_t> hs;
    for (uint32_t i = 0; i < arr.Length(); i++) {
      hs.push_back(handleArg(arr.Get(i), "reducer"));
      ts.push_back(store().get(hs.back()));
    }
    std::vector<size_t> starts;
    if (info[4].IsArray()) {
      auto s = info[4].As<Napi::Array>();
      for (uint32_t i = 0; i < s.Length(); i++) starts.push_back(static_cast<size_t>(intArg(s.Get(i), "segment start")));
    }
    auto r = std::make_shared<GradReducer>(g, std::move(ts), std::move(hs), intArg(info[2], "bucketBytes"), intArg(info[3], "firstBucketBytes"),
                                           std::move(starts));
    return Napi::Number::New(env, reducers().add(r));
  });
}

Napi::Value ReducerSetEnabled(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "distributed.GradReducer.enabled", [&]() -> Napi::Value {
    reducers().get(static_cast<int32_t>(intArg(info[0], "reducer")), "reducer")->setEnabled(info[1].ToBoolean().Value());
    return env.Undefined();
  });
}

Napi::Value ReducerCheck(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "distributed.GradReducer.check", [&]() -> Napi::Value {
    reducers().get(static_cast<int32_t>(intArg(info[0], "reducer")), "reducer")->checkTensors();
    return env.Undefined();
  });
}

Napi::Value ReducerStats(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "distributed.GradReducer.stats", [&]() -> Napi::Value {
    return reducers().get(static_cast<int32_t>(intArg(info[0], "reducer")), "reducer")->stats(env);
  });
}

Napi::Value ReducerRelease(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  return guarded(env, "distributed.GradReducer.release", [&]() -> Napi::Value {
    reducers().remove(static_cast<int32_t>(intArg(info[0], "reducer")));
    return env.Undefined();
  });
}

}  // namespace

void registerDistributed(Napi::Env env, Napi::Object exports) {
  auto backends = Napi::Object::New(env);
#ifdef USE_C10D_GLOO
  backends.Set("gloo", true);
#else
  backends.Set("gloo", false);
#endif
#ifdef TSNAS_WITH_NCCL
  backends.Set("nccl", true);
#else
  backends.Set("nccl", false);
#endif
  exports.Set("distBackends", backends);
  exports.Set("distTcpStore", Napi::Function::New(env, TcpStore));
  exports.Set("distFileStore", Napi::Function::New(env, FileStoreNew));
  exports.Set("distStoreSet", Napi::Function::New(env, StoreSet));
  exports.Set("distStoreGet", Napi::Function::New(env, StoreGet));
  exports.Set("distStoreAdd", Napi::Function::New(env, StoreAdd));
  exports.Set("distStoreWait", Napi::Function::New(env, StoreWait));
  exports.Set("distStoreRelease", Napi::Function::New(env, StoreRelease));
  exports.Set("distNewGroup", Napi::Function::New(env, NewGroup));
  exports.Set("distDestroyGroup", Napi::Function::New(env, DestroyGroup));
  exports.Set("distAllReduce", Napi::Function::New(env, AllReduce));
  exports.Set("distBroadcast", Napi::Function::New(env, Broadcast));
  exports.Set("distAllGather", Napi::Function::New(env, AllGather));
  exports.Set("distBarrier", Napi::Function::New(env, Barrier));
  exports.Set("distAllReduceAutograd", Napi::Function::New(env, AllReduceAutograd));
  exports.Set("distReducerNew", Napi::Function::New(env, ReducerNew));
  exports.Set("distReducerSetEnabled", Napi::Function::New(env, ReducerSetEnabled));
  exports.Set("distReducerCheck", Napi::Function::New(env, ReducerCheck));
  exports.Set("distReducerStats", Napi::Function::New(env, ReducerStats));
  exports.Set("distReducerRelease", Napi::Function::New(env, ReducerRelease));
}

}  // namespace tsnas

#else  // built without a c10d backend (neither Gloo's nor NCCL's headers)

namespace tsnas {
void registerDistributed(Napi::Env env, Napi::Object exports) {
  auto backends = Napi::Object::New(env);
  backends.Set("gloo", false);
  backends.Set("nccl", false);
  exports.Set("distBackends", backends);
}
}  // namespace tsnas

#endif
