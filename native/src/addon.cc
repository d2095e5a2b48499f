#include "store.h"

namespace tsnas {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  registerDispatch(env, exports);
  registerTensors(env, exports);
  registerAutograd(env, exports);
  registerIo(env, exports);
  registerRuntime(env, exports);
  registerProfiler(env, exports);
  registerFunctions(env, exports);
  registerDistributed(env, exports);
  return exports;
}

NODE_API_MODULE(tsnas_native, Init)

}  // namespace tsnas
