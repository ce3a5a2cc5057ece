"""Running a torch.optim optimizer (Debian's PyTorch 1.13) on a flat vector.

The shipped plugins are specified as torch.optim's rules, so their golden
values come from torch itself, in float64 (float32 for the tolerance
simulation), single-tensor path (foreach=False). Each tensor of the layout is
one torch parameter; the host's lr for the step is written into the param
group before the step, and torch's own step counter advances once per call,
as the host's does.
"""
from __future__ import annotations

import numpy as np
import torch

from lib.runner import ReferenceOptimizer

TORCH = f"torch {torch.__version__}"


class TorchOptimizer(ReferenceOptimizer):
    def __init__(self, factory, kwargs: dict, layout, dtype):
        tdtype = torch.float64 if dtype == np.float64 else torch.float32
        self.layout = layout
        self.dtype = dtype
        self.tensors = [torch.zeros(t.shape, dtype=tdtype, requires_grad=True) for t in layout.tensors]
        self.opt = factory(self.tensors, lr=1.0, foreach=False, **kwargs)

    def step(self, w, g, lr, t, grad_at=None):
        with torch.no_grad():
            for tensor, (spec, wv) in zip(self.tensors, self.layout.views(w)):
                tensor.copy_(torch.from_numpy(np.ascontiguousarray(wv)))
                tensor.grad = torch.from_numpy(
                    np.ascontiguousarray(g[spec.offset:spec.offset + spec.size].reshape(spec.shape))).clone()
        for group in self.opt.param_groups:
            group["lr"] = lr
        self.opt.step()
        return np.concatenate([x.detach().numpy().reshape(-1) for x in self.tensors]).astype(self.dtype)
