// Operator profile: libtorch's RecordFunction hooks aggregated per operator name (calls, total and self time),
// so a slow step can be broken down by aten op without Kineto. Self time subtracts the time of nested ops
// recorded on the same thread (an op's own kernels, e.g. convolution -> mkldnn_convolution).
#include <ATen/record_function.h>

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "store.h"

namespace tsnas {
namespace {

using Clock = std::chrono::steady_clock;

struct OpStats {
  int64_t calls = 0;
  int64_t totalNs = 0;
  int64_t selfNs = 0;
};

struct Frame {
  Clock::time_point start;
  int64_t childNs = 0;
};

std::mutex statsMutex;
std::unordered_map<std::string, OpStats> stats;
bool active = false;
at::CallbackHandle handle = 0;
thread_local std::vector<Frame> frames;

std::unique_ptr<at::ObserverContext> onStart(const at::RecordFunction&) {
  frames.push_back({Clock::now(), 0});
  return nullptr;
}

void onEnd(const at::RecordFunction& fn, at::ObserverContext*) {
  if (frames.empty()) return;  // started before the profile did
  Frame f = frames.back();
  frames.pop_back();
  int64_t total = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - f.start).count();
  if (!frames.empty()) frames.back().childNs += total;
  std::lock_guard<std::mutex> lock(statsMutex);
  OpStats& s = stats[fn.name()];
  s.calls += 1;
  s.totalNs += total;
  s.selfNs += total - f.childNs;
}

Napi::Value ProfileStart(const Napi::CallbackInfo& info) {
  if (active) throw Napi::Error::New(info.Env(), "opProfileStart: a profile is already running");
  {
    std::lock_guard<std::mutex> lock(statsMutex);
    stats.clear();
  }
  frames.clear();
  handle = at::addGlobalCallback(at::RecordFunctionCallback(onStart, onEnd)
                                     .scopes({at::RecordScope::FUNCTION, at::RecordScope::BACKWARD_FUNCTION}));
  active = true;
  return info.Env().Undefined();
}

Napi::Value ProfileStop(const Napi::CallbackInfo& info) {
  auto env = info.Env();
  if (!active) throw Napi::Error::New(env, "opProfileStop: no profile is running (call opProfileStart first)");
  at::removeCallback(handle);
  active = false;
  frames.clear();
  std::lock_guard<std::mutex> lock(statsMutex);
  auto out = Napi::Array::New(env, stats.size());
  uint32_t i = 0;
  for (const auto& [name, s] : stats) {
    auto o = Napi::Object::New(env);
    o.Set("name", Napi::String::New(env, name));
    o.Set("calls", Napi::Number::New(env, static_cast<double>(s.calls)));
    o.Set("totalMs", Napi::Number::New(env, static_cast<double>(s.totalNs) / 1e6));
    o.Set("selfMs", Napi::Number::New(env, static_cast<double>(s.selfNs) / 1e6));
    out.Set(i++, o);
  }
  stats.clear();
  return out;
}

}  // namespace

void registerProfiler(Napi::Env env, Napi::Object exports) {
  exports.Set("opProfileStart", Napi::Function::New(env, ProfileStart, "opProfileStart"));
  exports.Set("opProfileStop", Napi::Function::New(env, ProfileStop, "opProfileStop"));
}

}  // namespace tsnas
