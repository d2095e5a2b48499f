# The oneDNN crash of src/nn/conv.ts (conv2dPlainLayout) in Debian's python3-torch 1.13.1 (same libdnnl 2.6.3):
#   /usr/bin/python3 scripts/conv-crash-repro.py            -> SIGSEGV / "corrupted size vs. prev_size" (rc 134/139)
#   /usr/bin/python3 scripts/conv-crash-repro.py contiguous -> ok
# ONEDNN_VERBOSE=1 names the kernel: convolution,jit_1x1:avx512_core,backward_weights, src acdb (NHWC), mb4_ic4oc2_ih56...
import sys
import torch

torch.set_num_threads(1)
fmt = torch.contiguous_format if sys.argv[1:] == ['contiguous'] else torch.channels_last
conv = torch.nn.Conv2d(4, 2, 1, stride=2, bias=False).to(memory_format=fmt)
x = torch.randn(4, 4, 56, 56).contiguous(memory_format=fmt)
for _ in range(20):
    conv.zero_grad()
    conv(x).sum().backward()
print('ok', fmt)
